/**
 * Decodes file bytes to text: UTF-8 (with or without BOM) when the bytes are valid UTF-8,
 * otherwise GB18030 — the superset of GBK that Excel in China saves CSV files in.
 */
export function decodeText(bytes) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(view);
  } catch {
    return new TextDecoder('gb18030').decode(view);
  }
}
