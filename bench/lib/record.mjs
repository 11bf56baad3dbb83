// Prints a standalone benchmark's summary and, with --record, also keeps it as a section of
// bench/RESULTS.md (the machine, the date and the exact command come with it).
import { machine } from './harness.mjs';
import { writeSection } from './results.mjs';

const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;

export function recorder(section, title, command) {
  const lines = [];
  return {
    log(text = '') {
      console.log(text);
      lines.push(text);
    },
    finish() {
      if (!process.argv.includes('--record')) return;
      const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
      writeSection(
        RESULTS,
        section,
        `## ${title} (${date} UTC)\n\nMachine: ${machine()}. Command: \`${command}\`.\n\n\`\`\`text\n${lines.join('\n').trim()}\n\`\`\``,
      );
      console.log(`Recorded in bench/RESULTS.md (section ${section})`);
    },
  };
}
