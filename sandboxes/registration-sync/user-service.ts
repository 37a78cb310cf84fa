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

function registerUser(user: User): void {
  saveUser(user);
  sendWelcomeEmail(user);
  // Everything below waits for the email: if it throws, these never run.
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
