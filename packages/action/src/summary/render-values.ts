/**
 * Numbers, sizes, times and money as the job summary shows them. Fixed to en-US and UTC, so the
 * summary reads the same on every runner.
 */

const count = new Intl.NumberFormat("en-US");
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const price = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const largeGb = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const smallGb = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/** `12345` → `12,345`. */
export function renderCount(n: number): string {
  return count.format(n);
}

/** Decimal gigabytes (10⁹ bytes), the unit AWS bills CloudWatch Logs ingestion in. */
export function renderDecimalGb(bytes: number): string {
  const gb = bytes / 1e9;
  return `${gb >= 1 || gb === 0 ? largeGb.format(gb) : smallGb.format(gb)} GB`;
}

/** `0.62` → `$0.62`; an amount that rounds to zero cents but is not zero says so. */
export function renderUsd(amount: number): string {
  return amount > 0 && amount < 0.005 ? "less than $0.01" : usd.format(amount);
}

/** A price per GB, keeping sub-cent digits: `0.5` → `$0.50`, `0.0035` → `$0.0035`. */
export function renderPrice(amount: number): string {
  return price.format(amount);
}

/** `132000` → `2 min 12 s`. */
export function renderDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** An ISO time as `2026-11-20 10:05:00 UTC`, or undefined when it does not parse. */
export function renderUtc(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
