/** What a rendering could not use or had to guess, in the order found, each said once. */
export class Notes {
  private readonly items: string[] = [];

  add(message: string): void {
    if (!this.items.includes(message)) this.items.push(message);
  }

  list(): string[] {
    return [...this.items];
  }
}
