/** Config errors name the file, the section and the key; all errors of a config are reported at once. */
import { HekaError } from '@heka/core';

export interface ConfigProblem {
  file: string | undefined;
  section: string | undefined;
  key: string | undefined;
  /** 1-based, when known. */
  line?: number | undefined;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = [
    p.file ? (p.line ? `${p.file}:${p.line}` : p.file) : undefined,
    p.section !== undefined ? `[${p.section}]` : undefined,
    p.key !== undefined ? p.key : undefined,
  ].filter((x) => x !== undefined);
  return where.length > 0 ? `${where.join(' ')}: ${p.message}` : p.message;
}

export class ConfigError extends HekaError {
  override name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'ERR_HEKA_CONFIG',
      problems.length === 1
        ? formatProblem(problems[0] as ConfigProblem)
        : `${problems.length} configuration errors:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
}
