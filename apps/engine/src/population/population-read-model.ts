import type Database from 'better-sqlite3';
import { emptyReadModel, openReadModelDatabase } from './read-model-database';
import { PopulationReader, type PopulationProgress } from './population-reader';
import { PopulationWriter, type ProjectedBatch } from './population-writer';
import { StateDictionary } from './state-dictionary';

/**
 * One replica's population read model: a SQLite file (or `:memory:`) that the projection writes in
 * batches, each with its checkpoint, and the query API reads. Both run on the event loop's one
 * connection, so a query sees a batch entirely or not at all.
 */
export class PopulationReadModel {
  readonly reader: PopulationReader;
  private readonly writer: PopulationWriter;
  private readonly states: StateDictionary;

  private constructor(
    private readonly db: Database.Database,
    machineId: string,
  ) {
    this.states = new StateDictionary(db);
    this.writer = new PopulationWriter(db, this.states, machineId);
    this.reader = new PopulationReader(db, this.states);
  }

  /**
   * @param machineId The running machine's id: the root of every state id.
   * @throws ReadModelInUseError when another engine holds the file.
   */
  static open(path: string, machineId: string): PopulationReadModel {
    return new PopulationReadModel(openReadModelDatabase(path), machineId);
  }

  progress(): PopulationProgress {
    return this.reader.progress();
  }

  apply(batch: ProjectedBatch): void {
    this.writer.apply(batch);
  }

  /** Forgets everything: the projection then reads the streams from their start. */
  reset(): void {
    emptyReadModel(this.db);
    this.states.reload();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
