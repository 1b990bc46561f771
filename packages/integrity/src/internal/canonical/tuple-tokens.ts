/**
 * The fixed bytes of OLCF-1 text (docs/spec/olcf-1.md): the tuple head and the value tags. One definition for the
 * three places that write canonical bytes — from an SDK record, from an OTLP/JSON record and from a verified archive
 * line — which must produce identical bytes.
 */
const ascii = (s: string) => Buffer.from(s, 'latin1');

export const TUPLE_HEAD = ascii('["olcf1",');
export const TAG_S = ascii('["s",');
/** An int tag with its value quoted next (`["i","42"]`). */
export const TAG_I = ascii('["i","');
/** An int tag without the quote: the fast line copies the value's own quoted text. */
export const TAG_I_OPEN = ascii('["i",');
export const TAG_D = ascii('["d","');
export const TAG_Y = ascii('["y","');
export const TAG_A = ascii('["a",[');
export const TAG_M = ascii('["m",');
export const VALUE_TRUE = ascii('["b",true]');
export const VALUE_FALSE = ascii('["b",false]');
export const VALUE_EMPTY = ascii('["e"]');
export const QUOTE_CLOSE = ascii('"]');
export const EMPTY_STRING = ascii('""');
export const EMPTY_LIST = ascii('[]');
