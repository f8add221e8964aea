// autocannon ships no types; this is the part of its API the payload bench uses.
declare module "autocannon" {
  interface AutocannonOptions {
    url: string;
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
  }
  interface AutocannonResult {
    requests: { average: number };
    latency: { p99: number };
    errors: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  export default function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
}
