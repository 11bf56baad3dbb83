/**
 * heka-logstreamer: for every LogstreamerInput section of a Heka config, the logstreams it would read and
 * their files oldest → newest (Heka's cmd/heka-logstreamer). The config is read with hekad's own rules
 * (loadConfig) and each section checked against LogstreamerInput's schema, exactly as hekad would.
 */
import path from 'node:path';
import {
  journalPath,
  LOGSTREAMER_COMMON_DEFAULTS,
  LOGSTREAMER_SCHEMA,
  type LogstreamerConfig,
  prepareSettings,
  readJournal,
  scanLogstreams,
} from '@heka/logstreamer';
import { formatProblem, loadConfig, validateSection } from '@heka/runtime/config';

export interface Report {
  /** What goes to standard output. */
  out: string;
  /** Problems (standard error), one per line. */
  errors: string[];
  /** Notices that do not make the run fail (untranslatable captures). */
  warnings: string[];
}

export interface DescribeOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Describes every LogstreamerInput section of a config file or directory. */
export async function describeLogstreams(configPath: string, options: DescribeOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const report: Report = { out: '', errors: [], warnings: [] };
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig(configPath, { cwd, env: options.env, allowEmpty: true });
  } catch (e) {
    report.errors.push(`Error decoding config file: ${(e as Error).message}`);
    return report;
  }
  const sections = loaded.sections.filter((s) => s.type === 'LogstreamerInput');
  if (sections.length === 0) report.errors.push(`no LogstreamerInput section in ${configPath}`);
  for (const section of sections) {
    const { resolved, problems } = validateSection(section, 'input', LOGSTREAMER_SCHEMA, LOGSTREAMER_COMMON_DEFAULTS);
    if (!resolved) {
      for (const p of problems) report.errors.push(formatProblem(p));
      continue;
    }
    const config = resolved.own as unknown as LogstreamerConfig;
    let settings: ReturnType<typeof prepareSettings>;
    try {
      settings = prepareSettings(config, {
        name: section.name,
        hostname: loaded.globals.hostname,
        resolveJournal: (p) => path.resolve(loaded.globals.baseDir, p),
        cwd,
      });
    } catch (e) {
      report.errors.push(`[${section.name}] ${(e as Error).message}`);
      continue;
    }
    const scan = await scanLogstreams(settings);
    for (const e of scan.errors) report.errors.push(`[${section.name}] Error scanning: ${e}`);
    for (const w of scan.warnings) report.warnings.push(`[${section.name}] ${w}`);
    report.out += `Found ${scan.streams.size} Logstream(s) for section [${section.name}].\n`;
    for (const [name, files] of scan.streams) {
      let file = '';
      let seek = 0;
      const j = readJournal(journalPath(settings.journalDirectory, name));
      if (j.kind === 'position') ({ fileName: file, seek } = j.position);
      else if (j.kind === 'error') report.warnings.push(`[${section.name}] ${j.message}`);
      else if (settings.initialTail) {
        const newest = files.at(-1);
        file = newest?.path ?? '';
        seek = newest?.size ?? 0;
      }
      report.out += `\nLogstream name: [${name}]\n`;
      report.out += `Stream Choosing Filename: ${file}, SeekPosition: ${seek}\n`;
      report.out += `Files: ${files.length} (printing oldest to newest)\n`;
      for (const f of files) report.out += `\t${f.path}\n`;
    }
    report.out += '\n';
  }
  return report;
}
