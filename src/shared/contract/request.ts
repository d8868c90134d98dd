/** How a contract file declares a request, and the argument schemas several features share. */
import { z } from 'zod';

/** Declares a request: `request<Result>()(argsSchema)`. */
export function request<Result>() {
  return <Args extends z.ZodType>(args: Args) => ({ args, result: undefined as unknown as Result });
}

export const noArgs = z.strictObject({});
export const fileId = z.number().int().positive();
/** A MIDI port's id (`${kind}:${name}`). */
export const portId = z.string().min(1).max(300);
