/**
 * The last line `npm run build` (and `npm start`) prints about what the app will serve: the demo,
 * or a bank's own model, named by the file it was trained on, so that nobody takes one for the
 * other.
 */
export interface BuiltFiles {
  readonly seconds: number;
  /** public/model was trained on the demo's twin customers. */
  readonly modelIsDemo: boolean;
  /** The file public/model was trained on, as its metrics record it. */
  readonly trainedOn: string;
  /** The portfolio served (a path under public/), or null for a build without one. */
  readonly portfolio: string | null;
}

/** One line, in English, for the build's console. */
export function builtFilesLine(built: BuiltFiles): string {
  const portfolio = built.portfolio ?? 'no portfolio (the analyst opens one from disk)';
  const seconds = built.seconds.toFixed(0);
  return built.modelIsDemo
    ? `Demo ready in ${seconds} s: the demo model, trained on the twin customers, in public/model; ${portfolio}.`
    : `App files ready in ${seconds} s: public/model holds a model trained on ${built.trainedOn}, not the demo; ${portfolio}.`;
}
