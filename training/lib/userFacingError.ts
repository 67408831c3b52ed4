/**
 * A failure the person running a CLI can act on, worded for them (a file they named that cannot
 * be read, a model directory that is not one): the CLI prints its message alone, without the
 * error's class.
 */
export class UserFacingError extends Error {}
