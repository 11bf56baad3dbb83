/**
 * The bulk API action line Heka's ElasticSearch encoders write before each document:
 * {"index":{"_index":"<index>","_type":"<type>"[,"_id":"<id>"]}} with Go-quoted (strconv.Quote)
 * values; the index is lower-cased; the id is left out when it is not configured or cannot be
 * interpolated (ElasticSearch then generates one).
 */
import type { Message } from '@heka/core';
import { goQuote, goToLower } from './go-text.js';
import { Template } from './interpolate.js';
import type { ByteWriter } from './writer.js';

export interface CoordinatesConfig {
  /** Index name template (`%{...}` interpolation). */
  index: string;
  /** Document type template. */
  typeName: string;
  /** Document id template; "" for none. */
  id: string;
  /** strftime placeholders use the message's timestamp instead of now. */
  esIndexFromTimestamp: boolean;
}

const encoder = new TextEncoder();

export class Coordinates {
  private readonly index: Template;
  private readonly id: Template | undefined;
  /** The type_name template, for encoders that also write it into the document. */
  readonly typeTemplate: Template;
  // The last line, reused while index, type and id come out the same (consecutive messages mostly agree).
  private lastIndex: string | undefined;
  private lastType = '';
  private lastId: string | undefined;
  private lastLine = new Uint8Array(0);

  constructor(config: CoordinatesConfig) {
    const clock = { fromMessage: config.esIndexFromTimestamp };
    this.index = new Template(config.index, clock);
    this.typeTemplate = new Template(config.typeName, clock);
    this.id = config.id.length > 0 ? new Template(config.id, clock) : undefined;
  }

  /** Writes the action line (without its newline). */
  write(m: Message, w: ByteWriter): void {
    const index = this.index.interpolate(m).value;
    const type = this.typeTemplate.interpolate(m).value;
    let id: string | undefined;
    if (this.id) {
      const r = this.id.interpolate(m);
      if (r.ok) id = r.value;
    }
    if (index !== this.lastIndex || type !== this.lastType || id !== this.lastId) {
      let line = `{"index":{"_index":${goQuote(goToLower(index))},"_type":${goQuote(type)}`;
      if (id !== undefined) line += `,"_id":${goQuote(id)}`;
      this.lastLine = encoder.encode(`${line}}}`);
      this.lastIndex = index;
      this.lastType = type;
      this.lastId = id;
    }
    w.bytes(this.lastLine);
  }
}
