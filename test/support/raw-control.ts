/** A character a terminal would act on: C0 but newline and tab, DEL, C1, the line separators and the bidi controls. */
export const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
