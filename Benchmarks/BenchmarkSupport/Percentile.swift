/// The value at fraction `p` (0.5 for the median, 0.95 for p95) of `sorted`, ascending and not
/// empty: the smallest value with at least that share of the values at or below it.
package func percentile(_ sorted: [Double], _ p: Double) -> Double {
  sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}
