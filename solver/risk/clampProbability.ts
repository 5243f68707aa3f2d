// Probabilities leave the model's arithmetic as numbers in [0, 1].

/**
 * `value` clamped to [0, 1]; NaN becomes 0. Products and sums of rounded terms can land an ulp or two
 * outside (1.0000000000000222 was seen, issue 12).
 */
export function clampProbability(value: number): number {
  if (!(value > 0)) return 0
  return value < 1 ? value : 1
}
