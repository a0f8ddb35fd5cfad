/**
 * Adaptive Card validation for tests, built on the official `adaptivecards` package (3.x, which knows
 * the schema up to 1.6: `SerializationContext`, `Action.Execute`, `Table`, …). Teams renders cards up
 * to 1.5, so `validateCard` checks each card three ways:
 *
 * 1. As Teams (1.5): the package parses the card with a `SerializationContext` targeting 1.5 (so
 *    elements, actions, properties and enum values newer than 1.5 are unknown) and runs
 *    `validateProperties()` with the card's maximum version set to 1.5. Reported: every event of
 *    either phase (unknown or forbidden element/action types, invalid property values, unsupported
 *    properties, missing card type, unsupported version, duplicate ids across the card and its
 *    ShowCard cards, inputs without id, empty choice sets, required inputs without label or error
 *    message, …) except hints, which are advice.
 * 2. As a host without Universal Actions: the same, with `Action.Execute` left out of the action
 *    registry, so each one is replaced by its `fallback`, which must be a valid `Action.Submit`. (When
 *    it knows a type the package never looks at its fallback.)
 * Teams' chart elements (`Chart.VerticalBar`, `.Grouped`, `Chart.HorizontalBar`, `Chart.Line`,
 * `Chart.Donut`), which the package does not know, are registered with it as 1.5 elements, and their
 * data is checked by the JSON rules.
 *
 * 3. JSON rules the package does not check (it silently ignores wrongly typed booleans and strings):
 *    `version` "1.5"; JSON size ≤ 28 KB; boolean/string property types; every button has a title;
 *    every id unique across the card and its ShowCard cards; Action.Execute needs a `verb` and an
 *    object `fallback` of type Action.Submit; `refresh.action` is an Action.Execute with a verb;
 *    `userIds` ≤ 60.
 *
 * Returns [] for a valid card, else one message per problem, each prefixed by the rule it broke.
 *
 * The package is loaded from its self-contained UMD bundle (`dist/adaptivecards.js`): its `lib/` entry
 * is ES modules with extensionless imports in a package without `"type": "module"`, which plain Node
 * cannot load (Vitest only manages by inlining it). Parsing and `validateProperties()` need no DOM.
 */
import { createRequire } from 'node:module';
import type * as ACTypes from 'adaptivecards';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

/** Teams rejects messages of about 28 KB; the card alone must stay below that. */
export const TEAMS_CARD_MAX_BYTES = 28_000;
const REFRESH_USERS_MAX = 60;
/** The newest schema Teams renders. */
const TEAMS_VERSION = AC.Versions.v1_5;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Events that are advice, not failures. */
const NOT_ERRORS: ReadonlySet<ACTypes.ValidationEvent> = new Set([AC.ValidationEvent.Hint]);

function describe(event: ACTypes.IValidationEvent): string {
  const source = event.source instanceof AC.CardObject ? ` ${event.source.getJsonTypeName()}` : '';
  return `${AC.ValidationPhase[event.phase].toLowerCase()}${source} ${AC.ValidationEvent[event.event]}: ${event.message}`;
}

/**
 * Teams' native charts, which the package does not know: registered as elements of their own (Teams
 * renders them in 1.5 cards), so the package checks everything around them; JsonRules checks their data.
 */
export const TEAMS_CHART_TYPES = ['Chart.VerticalBar', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar', 'Chart.Line', 'Chart.Donut'];

function chartElementClass(name: string): new () => ACTypes.CardElement {
  return class extends AC.CardElement {
    getJsonTypeName(): string {
      return name;
    }
    protected internalRender(): undefined {
      return undefined;
    }
  };
}

function teamsElements(): ACTypes.CardObjectRegistry<ACTypes.CardElement> {
  const elements = new AC.CardObjectRegistry<ACTypes.CardElement>();
  AC.GlobalRegistry.elements.copyTo(elements);
  for (const name of TEAMS_CHART_TYPES) elements.register(name, chartElementClass(name), AC.Versions.v1_5);
  return elements;
}

/** Parse events and validation failures from the package, as Teams or as a host without Action.Execute. */
function packageProblems(json: unknown, knowsExecute: boolean): string[] {
  const context = new AC.SerializationContext();
  context.targetVersion = TEAMS_VERSION;
  context.setElementRegistry(teamsElements());
  if (!knowsExecute) {
    const actions = new AC.CardObjectRegistry<ACTypes.Action>();
    AC.GlobalRegistry.actions.copyTo(actions);
    actions.unregister(AC.ExecuteAction.JsonTypeName);
    context.setActionRegistry(actions);
  }
  // Such a host has no automatic refresh either: `refresh` (an Action.Execute) is for Teams only.
  const source = !knowsExecute && isRecord(json) ? Object.fromEntries(Object.entries(json).filter(([key]) => key !== 'refresh')) : json;
  const card = new AC.AdaptiveCard();
  card.maxVersion = TEAMS_VERSION;
  card.parse(source, context);
  const events: ACTypes.IValidationEvent[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  const problems = events.filter((e) => !NOT_ERRORS.has(e.event)).map(describe);
  // Without Universal Actions, Action.Execute is unknown by design; its fallback is what gets checked.
  return knowsExecute ? problems : problems.filter((p) => !p.includes(AC.Strings.errors.unknownActionType(AC.ExecuteAction.JsonTypeName)));
}

// ---------------------------------------------------------------------------------------------------
// JSON rules

const BOOLEANS = ['wrap', 'isSubtle', 'separator', 'isMultiline', 'isRequired', 'isVisible', 'bleed'];
const STRINGS = ['text', 'title', 'label', 'placeholder', 'errorMessage', 'verb', 'id', 'fallbackText'];

class JsonRules {
  readonly problems: string[] = [];
  private readonly ids = new Map<string, number>();

  private report(path: string, message: string): void {
    this.problems.push(`json ${path}: ${message}`);
  }

  private id(path: string, value: unknown): void {
    if (typeof value !== 'string' || value === '') return;
    const seen = this.ids.get(value) ?? 0;
    if (seen === 1) this.report(path, `duplicate id "${value}"`);
    this.ids.set(value, seen + 1);
  }

  private common(path: string, node: Json): void {
    for (const key of BOOLEANS) if (key in node && typeof node[key] !== 'boolean') this.report(path, `${key} must be a boolean`);
    for (const key of STRINGS) if (key in node && typeof node[key] !== 'string') this.report(path, `${key} must be a string`);
    this.id(path, node['id']);
  }

  card(path: string, card: unknown): void {
    if (!isRecord(card)) {
      this.report(path, 'card must be an object');
      return;
    }
    if (card['type'] !== 'AdaptiveCard') this.report(path, 'type must be "AdaptiveCard"');
    this.elements(`${path}.body`, card['body']);
    this.actions(`${path}.actions`, card['actions']);
  }

  elements(path: string, list: unknown): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.report(path, 'must be an array');
      return;
    }
    list.forEach((element, i) => this.element(`${path}[${i}]`, element));
  }

  actions(path: string, list: unknown): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.report(path, 'must be an array');
      return;
    }
    list.forEach((action, i) => this.action(`${path}[${i}]`, action, true));
  }

  element(path: string, node: unknown): void {
    if (!isRecord(node)) {
      this.report(path, 'element must be an object');
      return;
    }
    const type = node['type'];
    this.common(path, node);
    if (type === 'Container' || type === 'Column' || type === 'TableCell') this.elements(`${path}.items`, node['items']);
    if (type === 'ColumnSet') this.elements(`${path}.columns`, node['columns']);
    if (type === 'Table') this.elements(`${path}.rows`, node['rows']);
    if (type === 'TableRow') this.elements(`${path}.cells`, node['cells']);
    if (type === 'ActionSet') this.actions(`${path}.actions`, node['actions']);
    if (typeof type === 'string' && type.startsWith('Input.') && (typeof node['id'] !== 'string' || node['id'] === ''))
      this.report(path, 'an input needs an id');
    if (type === 'TextBlock' && typeof node['text'] !== 'string') this.report(path, 'a TextBlock needs text');
    if (type === 'FactSet') {
      const facts = node['facts'];
      if (!Array.isArray(facts) || facts.length === 0) this.report(path, 'a FactSet needs facts');
      else
        facts.forEach((f, i) =>
          isRecord(f) && typeof f['title'] === 'string' && typeof f['value'] === 'string'
            ? undefined
            : this.report(`${path}.facts[${i}]`, 'a fact needs a title and a value'),
        );
    }
    if (typeof type === 'string' && TEAMS_CHART_TYPES.includes(type)) this.chart(path, type, node);
    if (node['selectAction'] !== undefined) this.action(`${path}.selectAction`, node['selectAction'], false);
    if (isRecord(node['fallback'])) this.element(`${path}.fallback`, node['fallback']);
  }

  /** Teams' chart data: `{x, y}` points, `{legend, values}` series, or `{legend, value}` slices; finite numbers. */
  chart(path: string, type: string, node: Json): void {
    if (typeof node['title'] !== 'string' || node['title'].trim() === '') this.report(path, 'a chart needs a title');
    const data = node['data'];
    if (!Array.isArray(data) || data.length === 0) {
      this.report(path, 'a chart needs data');
      return;
    }
    const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
    const point = (p: unknown, at: string): void => {
      if (!isRecord(p) || typeof p['x'] !== 'string' || !isNumber(p['y'])) this.report(at, 'a point needs a string x and a number y');
    };
    data.forEach((d, i) => {
      const at = `${path}.data[${i}]`;
      if (type === 'Chart.VerticalBar' || type === 'Chart.HorizontalBar') point(d, at);
      else if (type === 'Chart.Donut') {
        if (!isRecord(d) || typeof d['legend'] !== 'string' || !isNumber(d['value']))
          this.report(at, 'a slice needs a legend and a number value');
      } else if (!isRecord(d) || typeof d['legend'] !== 'string' || !Array.isArray(d['values']))
        this.report(at, 'a series needs a legend and values');
      else d['values'].forEach((p, j) => point(p, `${at}.values[${j}]`));
    });
  }

  /** A button (`isButton`, not a selectAction) needs a title: the package no longer requires one. */
  action(path: string, node: unknown, isButton: boolean, inFallback = false): void {
    if (!isRecord(node)) {
      this.report(path, 'action must be an object');
      return;
    }
    const type = node['type'];
    this.common(path, node);
    if (isButton && (typeof node['title'] !== 'string' || node['title'].trim() === '')) this.report(path, 'a button needs a title');
    if ('data' in node && !isRecord(node['data']) && typeof node['data'] !== 'string')
      this.report(path, 'data must be an object or a string');
    if (type === 'Action.ShowCard') this.card(`${path}.card`, node['card']);
    if (type === 'Action.Execute') {
      if (typeof node['verb'] !== 'string' || node['verb'].trim() === '') this.report(path, 'an Action.Execute needs a verb');
      const fallback = node['fallback'];
      if (!isRecord(fallback) || fallback['type'] !== 'Action.Submit')
        this.report(path, 'an Action.Execute needs an Action.Submit fallback for clients without Universal Actions');
    }
    // A fallback replaces its action on hosts that lack the action's type; it is checked like one.
    if (isRecord(node['fallback']) && !inFallback) this.action(`${path}.fallback`, node['fallback'], isButton, true);
  }

  root(card: Json): void {
    if (card['version'] !== '1.5')
      this.report('card', `version must be "1.5" (what Teams supports), not ${JSON.stringify(card['version'])}`);
    const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
    if (bytes > TEAMS_CARD_MAX_BYTES) this.report('card', `${bytes} bytes of JSON; Teams allows about ${TEAMS_CARD_MAX_BYTES}`);
    this.card('card', card);
    const refresh = card['refresh'];
    if (refresh !== undefined) {
      if (!isRecord(refresh) || !isRecord(refresh['action'])) {
        this.report('card.refresh', 'needs an action');
        return;
      }
      const action = refresh['action'];
      if (action['type'] !== 'Action.Execute') this.report('card.refresh.action', 'must be an Action.Execute');
      if (typeof action['verb'] !== 'string' || action['verb'].trim() === '') this.report('card.refresh.action', 'needs a verb');
      const users = refresh['userIds'];
      if (users !== undefined && (!Array.isArray(users) || users.some((u) => typeof u !== 'string')))
        this.report('card.refresh.userIds', 'must be an array of strings');
      else if (Array.isArray(users) && users.length > REFRESH_USERS_MAX)
        this.report('card.refresh.userIds', `Teams refreshes for at most ${REFRESH_USERS_MAX} users`);
    }
  }
}

/** Every problem with `card` as Teams would see it (see the module comment); [] when it is valid. */
export function validateCard(card: unknown): string[] {
  if (!isRecord(card)) return ['json card: must be an object'];
  // The package sees the card as Teams would receive it: serialized JSON, not the caller's objects.
  const json: unknown = JSON.parse(JSON.stringify(card));
  const rules = new JsonRules();
  rules.root(json as Json);
  const asTeams = packageProblems(json, true);
  // Problems a host without Universal Actions shares with Teams are reported once.
  const asOlder = packageProblems(json, false)
    .filter((p) => !asTeams.includes(p))
    .map((p) => `pre-1.4 ${p}`);
  return [...new Set([...asTeams, ...asOlder, ...rules.problems])];
}
