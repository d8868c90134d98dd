/**
 * The only platform globals src/shared may use: ones Node, browsers and workers all have.
 * tsconfig.shared.json typechecks src/shared against ES2022 and this file alone, so a DOM or
 * Node API creeping into the shared layer fails `npm run typecheck` (docs/ARCHITECTURE.md).
 */
declare const performance: { now(): number; readonly timeOrigin: number };
declare const console: { error(...data: unknown[]): void };
declare function structuredClone<T>(value: T): T;
