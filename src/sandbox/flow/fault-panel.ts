import {
  checkDelayMs,
  checkPercent,
  checkSeed,
  DELAY_MAX_MS,
  PERCENT_MAX,
  SEED_MAX,
} from '../../runtime/run-option-limits';
import { h, setText, uid } from './dom';
import type { FaultPreferences, FaultSwitch } from './fault-preferences';
import { FieldMessage } from './field-message';

/** What the fault panel asks of the flow panel. */
export interface FaultPanelCallbacks {
  /** Any switch, amount or the seed changed. */
  change(prefs: FaultPreferences): void;
  crash(service: string): void;
  restart(service: string): void;
  restartBroker(): void;
}

type SwitchName = 'drop' | 'duplicate' | 'delay' | 'reorder';

interface SwitchView {
  readonly box: HTMLElement;
  readonly toggle: HTMLInputElement;
  readonly amount: HTMLInputElement;
  readonly jitter?: HTMLInputElement;
}

/** A number field and the message that says why its value was refused. */
function checkedField(
  attrs: Record<string, string | number>,
  prefix: string,
): { input: HTMLInputElement; note: HTMLElement; message: FieldMessage } {
  const input = h('input', attrs);
  const note = h('p', { class: 'field-error', id: uid(`${prefix}-error`) });
  return { input, note, message: new FieldMessage(input, note) };
}

const help: Readonly<Record<SwitchName, string>> = {
  drop: 'Each delivery is lost on the way with this chance.',
  duplicate: 'Each delivery arrives twice with this chance.',
  delay: 'Every delivery waits this long, plus up to the jitter.',
  reorder: 'A delivery is held back behind the next one with this chance.',
};

/**
 * The "Faults" fieldset: drop / duplicate / delay / reorder switches with their amounts,
 * crash and restart a consumer, restart the broker, and the seed that makes it replayable.
 */
export class FaultPanel {
  readonly element: HTMLFieldSetElement;
  private readonly switches: Record<SwitchName, SwitchView>;
  private readonly seedInput: HTMLInputElement;
  private readonly seedNote: HTMLElement;
  /** Every field's refusal message, cleared whenever the panel shows accepted values again. */
  private readonly messages: FieldMessage[] = [];
  private readonly consumer: HTMLSelectElement;
  private readonly crashButton: HTMLButtonElement;
  private readonly restartButton: HTMLButtonElement;
  private readonly brokerButton: HTMLButtonElement;
  private prefs: FaultPreferences;
  private live = false;

  constructor(
    initial: FaultPreferences,
    private readonly callbacks: FaultPanelCallbacks,
  ) {
    this.prefs = initial;
    this.switches = {
      drop: this.probability('drop', 'Drop'),
      duplicate: this.probability('duplicate', 'Duplicate'),
      delay: this.delay(),
      reorder: this.probability('reorder', 'Reorder'),
    };

    const consumerId = uid('flow-consumer');
    this.consumer = h('select', { id: consumerId });
    this.crashButton = h('button', { type: 'button', class: 'danger' }, 'Crash consumer');
    this.restartButton = h('button', { type: 'button' }, 'Restart consumer');
    this.brokerButton = h('button', { type: 'button', class: 'danger' }, 'Restart broker');
    this.crashButton.addEventListener('click', () => {
      if (this.consumer.value) callbacks.crash(this.consumer.value);
    });
    this.restartButton.addEventListener('click', () => {
      if (this.consumer.value) callbacks.restart(this.consumer.value);
    });
    this.brokerButton.addEventListener('click', () => callbacks.restartBroker());

    const seedId = uid('flow-seed');
    const seed = checkedField(
      { id: seedId, type: 'number', min: 0, max: SEED_MAX, step: 1, inputmode: 'numeric' },
      'flow-seed',
    );
    this.seedInput = seed.input;
    this.messages.push(seed.message);
    this.seedInput.addEventListener('change', () => {
      // Refused values stay as typed, with the reason beside them; the last good seed applies.
      const value = seed.message.read(checkSeed);
      if (value !== undefined) this.update({ ...this.prefs, seed: value });
    });
    const newSeed = h('button', { type: 'button' }, 'New seed');
    newSeed.addEventListener('click', () => {
      this.update({ ...this.prefs, seed: Math.floor(Math.random() * 1_000_000) });
    });
    this.seedNote = h('span', { class: 'seed-note' });

    this.element = h(
      'fieldset',
      { class: 'faults' },
      h('legend', {}, 'Faults'),
      h(
        'div',
        { class: 'fault-grid' },
        ...(['drop', 'duplicate', 'delay', 'reorder'] as const).map((n) => this.switches[n].box),
      ),
      h(
        'div',
        { class: 'fault-actions' },
        h('label', { for: consumerId }, 'Consumer'),
        this.consumer,
        this.crashButton,
        this.restartButton,
        h('span', { class: 'sep', 'aria-hidden': 'true' }),
        this.brokerButton,
        h('span', { class: 'sep', 'aria-hidden': 'true' }),
        h('label', { for: seedId }, 'Seed'),
        this.seedInput,
        newSeed,
        this.seedNote,
        seed.note,
      ),
    );
    this.render();
    this.setLive(false, undefined);
  }

  /** The settings as the panel shows them. */
  get preferences(): FaultPreferences {
    return this.prefs;
  }

  /** Replaces the shown settings (e.g. loaded for another sandbox) without reporting a change. */
  setPreferences(prefs: FaultPreferences): void {
    this.prefs = prefs;
    this.render();
  }

  /** Enables crash/restart while a run goes, and says which seed the current run used. */
  setLive(live: boolean, runSeed: number | undefined): void {
    this.live = live;
    this.crashButton.disabled = !live || this.consumer.options.length === 0;
    this.restartButton.disabled = !live || this.consumer.options.length === 0;
    this.brokerButton.disabled = !live;
    this.consumer.disabled = !live && this.consumer.options.length === 0;
    setText(
      this.seedNote,
      runSeed === undefined
        ? 'The seed and faults apply to the next Run.'
        : runSeed === this.prefs.seed
          ? `This run uses seed ${runSeed}.`
          : `This run uses seed ${runSeed}; the next Run uses ${this.prefs.seed}.`,
    );
  }

  /** The services the Crash select offers (kept when the list is unchanged). */
  setServices(services: readonly string[]): void {
    const current = [...this.consumer.options].map((o) => o.value);
    if (current.length === services.length && current.every((v, i) => v === services[i])) return;
    const selected = this.consumer.value;
    this.consumer.replaceChildren(...services.map((name) => h('option', { value: name }, name)));
    if (services.includes(selected)) this.consumer.value = selected;
    const none = services.length === 0;
    this.crashButton.disabled = !this.live || none;
    this.restartButton.disabled = !this.live || none;
    this.consumer.disabled = none;
  }

  private update(prefs: FaultPreferences): void {
    this.prefs = prefs;
    this.render();
    this.callbacks.change(prefs);
  }

  private render(): void {
    for (const message of this.messages) message.clear();
    for (const name of ['drop', 'duplicate', 'reorder'] as const) {
      const view = this.switches[name];
      const value = this.prefs[name];
      view.toggle.checked = value.on;
      view.box.classList.toggle('on', value.on);
      view.amount.value = String(Math.round(value.amount * 1000) / 10);
    }
    const delay = this.switches.delay;
    delay.toggle.checked = this.prefs.delay.on;
    delay.box.classList.toggle('on', this.prefs.delay.on);
    delay.amount.value = String(this.prefs.delay.amount);
    if (delay.jitter) delay.jitter.value = String(this.prefs.delay.jitterMs);
    if (this.seedInput.value !== String(this.prefs.seed))
      this.seedInput.value = String(this.prefs.seed);
  }

  private switchBox(
    name: SwitchName,
    label: string,
    labelId: string,
    amounts: HTMLElement[],
  ): { box: HTMLElement; toggle: HTMLInputElement } {
    const id = uid(`flow-${name}`);
    const helpId = uid(`flow-${name}-help`);
    const toggle = h('input', { id, type: 'checkbox', role: 'switch', 'aria-describedby': helpId });
    toggle.addEventListener('change', () => {
      const current = this.prefs[name];
      this.update({ ...this.prefs, [name]: { ...current, on: toggle.checked } });
    });
    const box = h(
      'div',
      { class: 'fault' },
      toggle,
      h('label', { for: id, id: labelId, class: 'switch-label' }, label),
      h('div', { class: 'amounts' }, ...amounts),
      h('p', { class: 'help', id: helpId }, help[name]),
    );
    return { box, toggle };
  }

  private probability(name: 'drop' | 'duplicate' | 'reorder', label: string): SwitchView {
    const amountId = uid(`flow-${name}-amount`);
    const labelId = uid(`flow-${name}-label`);
    const unitId = uid(`flow-${name}-unit`);
    // Named "<Fault> chance (%)": the switch's word plus the short visible label.
    const field = checkedField(
      {
        id: amountId,
        type: 'number',
        min: 0,
        max: PERCENT_MAX,
        step: 5,
        'aria-labelledby': `${labelId} ${unitId}`,
      },
      `flow-${name}`,
    );
    const amount = field.input;
    this.messages.push(field.message);
    amount.addEventListener('change', () => {
      const percent = field.message.read((typed) => checkPercent(typed, `${label} chance`));
      if (percent === undefined) return;
      const current: FaultSwitch = this.prefs[name];
      this.update({ ...this.prefs, [name]: { ...current, amount: percent / 100 } });
    });
    const { box, toggle } = this.switchBox(name, label, labelId, [
      h('label', { for: amountId, id: unitId }, 'chance (%)'),
      amount,
      field.note,
    ]);
    return { box, toggle, amount };
  }

  private delay(): SwitchView {
    const amountId = uid('flow-delay-amount');
    const jitterId = uid('flow-jitter-amount');
    const labelId = uid('flow-delay-label');
    const range = { type: 'number', min: 0, max: DELAY_MAX_MS, step: 50 };
    const delayField = checkedField({ id: amountId, ...range }, 'flow-delay');
    const jitterField = checkedField({ id: jitterId, ...range }, 'flow-jitter');
    this.messages.push(delayField.message, jitterField.message);
    const amount = delayField.input;
    const jitter = jitterField.input;
    amount.addEventListener('change', () => {
      const value = delayField.message.read((typed) => checkDelayMs(typed, 'The delay'));
      if (value === undefined) return;
      this.update({ ...this.prefs, delay: { ...this.prefs.delay, amount: value } });
    });
    jitter.addEventListener('change', () => {
      const value = jitterField.message.read((typed) => checkDelayMs(typed, 'The jitter'));
      if (value === undefined) return;
      this.update({ ...this.prefs, delay: { ...this.prefs.delay, jitterMs: value } });
    });
    const { box, toggle } = this.switchBox('delay', 'Delay', labelId, [
      h('label', { for: amountId }, 'Delay (ms)'),
      amount,
      h('label', { for: jitterId }, 'Jitter (ms)'),
      jitter,
      delayField.note,
      jitterField.note,
    ]);
    return { box, toggle, amount, jitter };
  }
}
