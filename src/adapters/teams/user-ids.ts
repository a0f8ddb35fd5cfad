/** How many people's ids a process keeps; the least recently used go first. */
const KEPT_MAX = 10_000;

/**
 * Teams user ids (`29:…`, what a mention carries) matched to AAD object ids (what a member's identity
 * is keyed by), per tenant, as this process learned them: from each message's sender, and from the
 * connector's member lookup of a person mentioned. A mention of someone known here needs no call to the
 * connector (#14: one HTTP round trip per mention, however often the person had been mentioned).
 * A cache: a restart or another replica looks people up again, and the database stays the record.
 */
export class TeamsUserIds {
  readonly #aadByUser = new Map<string, string>();
  readonly #max: number;

  constructor(max = KEPT_MAX) {
    this.#max = max;
  }

  remember(tenantId: string, teamsUserId: string, aadObjectId: string): void {
    const key = keyOf(tenantId, teamsUserId);
    // Most recently used last: the first entry is the one to drop when full.
    this.#aadByUser.delete(key);
    this.#aadByUser.set(key, aadObjectId);
    if (this.#aadByUser.size > this.#max) this.#aadByUser.delete(this.#aadByUser.keys().next().value ?? key);
  }

  aadObjectIdOf(tenantId: string, teamsUserId: string): string | undefined {
    const key = keyOf(tenantId, teamsUserId);
    const aadObjectId = this.#aadByUser.get(key);
    if (aadObjectId !== undefined) this.remember(tenantId, teamsUserId, aadObjectId);
    return aadObjectId;
  }
}

const keyOf = (tenantId: string, teamsUserId: string) => `${tenantId}\n${teamsUserId}`;
