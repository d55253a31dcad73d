// S4: activation codes. 24 characters from a 32-letter alphabet without look-alikes (120 bits), from
// the operating system's random source: a code is a bearer secret that yields a license.
import { randomInt } from "node:crypto";
import { ACTIVATION_CODE_ALPHABET, ACTIVATION_CODE_LENGTH } from "../../../shared/licensing.js";

export function newActivationCode(): string {
  let code = "";
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i += 1) {
    code += ACTIVATION_CODE_ALPHABET[randomInt(ACTIVATION_CODE_ALPHABET.length)];
  }
  return code;
}
