/** What a rendering could not use or had to guess, in the order found, each said once. */
export class Notes {
  private readonly items: string[] = [];
  private readonly refusals: string[] = [];

  add(message: string): void {
    if (!this.items.includes(message)) this.items.push(message);
  }

  /**
   * What the operator refuses (its reconciliation fails with this error, and it creates nothing more until the agent
   * changes): said in the notes, and counted, so the rendering stops where the operator does.
   */
  refuse(reason: string, outcome = 'the operator refuses the agent'): void {
    if (this.refusals.includes(reason)) return;
    this.refusals.push(reason);
    this.add(`${reason}: ${outcome}`);
  }

  refused(): boolean {
    return this.refusals.length > 0;
  }

  list(): string[] {
    return [...this.items];
  }
}
