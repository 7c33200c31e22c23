/// The ids of a reproducible run (`sonarflow test`): UUID-shaped, counting up from 1 —
/// `00000000-0000-4000-8000-000000000001`, `…0002`, … — so recorded expectations repeat.
package enum SequentialID {
  package static func text(_ number: Int) -> String {
    let digits = String(number)
    return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
  }
}
