export function ExplorerPage() {
  return <h1>ExplorerPage</h1>;
}
