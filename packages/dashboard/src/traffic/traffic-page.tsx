export function TrafficPage() {
  return <h1>TrafficPage</h1>;
}
