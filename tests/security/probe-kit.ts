// Reader code shared by the security specs: a `probe(label, attempt)` that runs one attack in a
// sandbox service and reports it on the console, where the test reads it.
//   blocked <label>: <error message>   the attempt threw (what should happen)
//   ANSWERED <label>: <what came back> the attempt got an answer (the attack got through)
//   ESCALATED <label> to <payload>     what came back also compiled and ran code
//   HUNG <label>                       no answer within 5 s (the service may be wedged)
import { pagePayloads } from './security-helpers';

/** One attack a service tries; `label` is what the console line starts with. */
export interface Probe {
  readonly label: string;
  /** A JavaScript expression (may be a promise) inside an async function. */
  readonly code: string;
  /** A word the error must name to count as clear (the method refused, say). */
  readonly mentions?: string;
}

/** Reader code defining `probe`; paste it before the probes. */
export const probeKit = `
const payloads: Record<string, string> = ${JSON.stringify(pagePayloads)};
const shown = (value: any): string => {
  try {
    if (typeof value === 'function') return 'a function';
    if (typeof value === 'object' && value !== null) return 'an object';
    return String(value).slice(0, 200);
  } catch {
    return typeof value;
  }
};
const hung = Symbol('hung');
async function probe(label: string, attempt: () => unknown): Promise<void> {
  let value: any;
  try {
    value = await Promise.race([
      Promise.resolve().then(attempt),
      new Promise((resolve) => setTimeout(() => resolve(hung), 5000)),
    ]);
  } catch (error: any) {
    const message = error && typeof error.message === 'string' ? error.message : shown(error);
    console.error('blocked ' + label + ': ' + message);
    return;
  }
  if (value === hung) {
    console.log('HUNG ' + label + ': no answer in 5 s');
    return;
  }
  console.log('ANSWERED ' + label + ': ' + shown(value));
  // It answered: see whether what came back compiles and runs code.
  for (const [name, body] of Object.entries(payloads)) {
    try {
      const make: any = typeof value === 'function' ? value : value && value.constructor;
      let out: any = await make(body);
      if (typeof out === 'function') out = await out();
      console.log('ESCALATED ' + label + ' to ' + name + ': ' + shown(out));
    } catch {
      // refused: nothing to report
    }
  }
}
`;

/** The probe calls, in order, then a closing line. */
export function probeCalls(probes: readonly Probe[]): string {
  return (
    probes.map((p) => `await probe(${JSON.stringify(p.label)}, () => ${p.code});`).join('\n') +
    "\nconsole.log('probes done');\n"
  );
}
