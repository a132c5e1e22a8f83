// ISO 4217 currencies whose minor unit is not a hundredth; every other currency has two decimals.
const exponents: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Integer minor units as a human amount for reasons: `95000, 'EUR'` → `950.00 EUR`. */
export function formatMoney(minorUnits: number, currency: string): string {
  const exponent = Object.hasOwn(exponents, currency) ? exponents[currency]! : 2;
  return `${(minorUnits / 10 ** exponent).toFixed(exponent)} ${currency}`;
}
