// Registration done the synchronous way: the user service calls every step itself, in order,
// and waits for each. No broker is involved.

interface User {
  id: string;
  name: string;
  email: string;
}

function saveUser(user: User): void {
  console.log(`saved ${user.email} to the users table`);
}

function sendWelcomeEmail(user: User): void {
  // The mail server is down for this one address: the failure travels back up to the caller.
  if (user.email.endsWith('@mail-down.example')) {
    throw new Error(`SMTP server timed out sending to ${user.email}`);
  }
  console.log(`sent welcome email to ${user.email}`);
}

function createProfile(user: User): void {
  console.log(`created profile page /people/${user.id} for ${user.name}`);
}

function recordSignup(user: User): void {
  console.log(`recorded signup of ${user.id}`);
}

// Emails that could not be sent yet, to try again later (a real service would store them).
const emailsToRetry: User[] = [];

function registerUser(user: User): void {
  saveUser(user);
  // The email is a side effect the registration does not depend on: a failure is noted and
  // retried later, and the steps after it run anyway.
  try {
    sendWelcomeEmail(user);
  } catch (error) {
    console.warn(`welcome email to ${user.email} failed (${(error as Error).message}); will retry`);
    emailsToRetry.push(user);
  }
  createProfile(user);
  recordSignup(user);
}

const users: User[] = [
  { id: 'u-1', name: 'Ada', email: 'ada@example.com' },
  { id: 'u-2', name: 'Grace', email: 'grace@mail-down.example' },
  { id: 'u-3', name: 'Linus', email: 'linus@example.com' },
];

for (const user of users) {
  try {
    registerUser(user);
    console.log(`registration of ${user.id} complete`);
  } catch (error) {
    console.error(
      `registration of ${user.id} failed: ${(error as Error).message}; no profile, no analytics`,
    );
  }
}
