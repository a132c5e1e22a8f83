import type Database from 'better-sqlite3';

/**
 * State ids by number: the read model's rows carry a small integer per state instead of its name.
 * A name is numbered when first seen, so states of any machine version are counted alike.
 */
export class StateDictionary {
  private readonly numbers = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly insert: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO state_names (name) VALUES (?)');
    this.reload();
  }

  /** Reads the numbers again from the file: after a rolled-back write, the ones it gave are gone. */
  reload(): void {
    this.numbers.clear();
    this.names.clear();
    const rows = this.db.prepare<[], { id: number; name: string }>('SELECT id, name FROM state_names').all();
    for (const { id, name } of rows) this.remember(id, name);
  }

  /** The number of a state, numbering it if new (within the caller's transaction). */
  numberOf(name: string): number {
    const known = this.numbers.get(name);
    if (known !== undefined) return known;
    const id = Number(this.insert.run(name).lastInsertRowid);
    this.remember(id, name);
    return id;
  }

  /** The number of a state the read model has seen, if it has. */
  find(name: string): number | undefined {
    return this.numbers.get(name);
  }

  nameOf(id: number): string {
    return this.names.get(id) ?? `#${id}`;
  }

  private remember(id: number, name: string): void {
    this.numbers.set(name, id);
    this.names.set(id, name);
  }
}
