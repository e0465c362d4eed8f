/**
 * Every failure yunying reports is a YunyingError: `code` says what kind
 * (INVALID_INPUT, PARSE_ERROR, NOT_FOUND, OUT_OF_RANGE, OVERFLOW, INVALID_STATE,
 * NOT_INITIALIZED, ENGINE_STOPPED) and `field` which input is at fault (e.g. `steps[2].event`).
 */
export class YunyingError extends Error {
  constructor(code, field, message) {
    super(message);
    this.name = 'YunyingError';
    this.code = code;
    this.field = field;
  }

  /**
   * Errors raised inside wasm are plain `Error`s named YunyingError with the same
   * `code` and `field`; this makes `err instanceof YunyingError` true for them too.
   */
  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'YunyingError' && typeof value.code === 'string';
  }
}
