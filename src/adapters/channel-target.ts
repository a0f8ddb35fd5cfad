/**
 * A team's digest channel is stored as `<platform>:<channel id>` and read back by that platform's
 * deliverer. These are the platforms with such channels; a command accepts a target already written
 * that way on any surface (the shell too), and a chat surface also reads its own channel syntax.
 */
const CHANNEL_PLATFORMS: readonly string[] = ['slack', 'teams'];

/** `slack:C0123` or `teams:19:…@thread.tacv2` as typed, when its platform has channels; else null. */
export function qualifiedChannelTarget(typed: string): string | null {
  const match = /^([a-z]+):\S+$/.exec(typed.trim());
  return match?.[1] !== undefined && CHANNEL_PLATFORMS.includes(match[1]) ? typed.trim() : null;
}

/** A chat surface's reading: a qualified target as it is, anything else as a channel of `platform` (`localId` strips its syntax). */
export function channelTargetOn(platform: string, localId: (typed: string) => string): (typed: string) => string | null {
  return (typed) => qualifiedChannelTarget(typed) ?? `${platform}:${localId(typed.trim())}`;
}
