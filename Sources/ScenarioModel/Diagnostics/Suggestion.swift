/// Nearest-name suggestions for "did you mean" hints.
package enum Suggestion {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
  ///
  /// The cut-off grows with the word's length (1 for up to three letters, then a third of the length,
  /// at least 2, at most 4), so short names only match one-letter slips while long names tolerate a
  /// missing word part; comparison ignores case.
  package static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
    let lowered = word.lowercased()
    let limit = lowered.count <= 3 ? 1 : max(2, min(4, lowered.count / 3))
    let length = lowered.unicodeScalars.count
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let loweredCandidate = candidate.lowercased()
      // The distance is at least the difference in length: no need to compute it past the limit.
      guard abs(loweredCandidate.unicodeScalars.count - length) <= limit else { continue }
      let distance = editDistance(lowered, loweredCandidate)
      if distance <= limit, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// "Did you mean 'x'?" when a near candidate exists.
  package static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String? {
    nearest(to: word, in: candidates).map { "Did you mean '\($0)'?" }
  }

  /// Edit distance over Unicode scalars, counting an adjacent transposition ("brake" → "break") as
  /// one edit (optimal string alignment), since swapped letters are the commonest typo.
  package static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }
}
