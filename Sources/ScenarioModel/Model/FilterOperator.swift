/// Make's filter operators, by their blueprint ids (`text:equal`, `number:greater`, `exist`, …).
package struct FilterOperator: Sendable, Hashable {
  package enum Family: String, Sendable, Hashable {
    case basic, text, number, date, time, array, boolean
  }

  package enum Comparison: String, Sendable, Hashable {
    case exist, notexist
    case equal, notequal, contain, notcontain, startwith, notstartwith, endwith, notendwith, pattern, notpattern
    case less, greater, lessorequal, greaterorequal
  }

  package var family: Family
  package var comparison: Comparison
  /// The `:ci` twin: compare text case-insensitively.
  package var isCaseInsensitive: Bool

  /// `exist` and `notexist` take no `b`.
  package var isUnary: Bool { family == .basic }

  package var id: String {
    if family == .basic { return comparison.rawValue }
    return "\(family.rawValue):\(comparison.rawValue)\(isCaseInsensitive ? ":ci" : "")"
  }

  private static let comparisons: [Family: [Comparison]] = [
    .basic: [.exist, .notexist],
    .text: [
      .equal, .notequal, .contain, .notcontain, .startwith, .notstartwith, .endwith, .notendwith, .pattern, .notpattern,
    ],
    .number: [.equal, .notequal, .less, .greater, .lessorequal, .greaterorequal],
    .date: [.equal, .notequal, .less, .greater, .lessorequal, .greaterorequal],
    .time: [.equal, .notequal, .less, .greater, .lessorequal, .greaterorequal],
    .array: [.contain, .notcontain, .equal, .notequal, .less, .greater, .lessorequal, .greaterorequal],
    .boolean: [.equal, .notequal],
  ]

  /// Aliases seen in Make-written material, accepted and normalised.
  private static let aliases: [String: String] = [
    "text:startswith": "text:startwith", "text:endswith": "text:endwith",
    "text:startswith:ci": "text:startwith:ci", "text:endswith:ci": "text:endwith:ci",
    "date:before": "date:less", "date:after": "date:greater",
  ]

  /// Every operator id, in Make's order.
  package static let allIDs: [String] = {
    var ids: [String] = []
    for family in [Family.basic, .text, .number, .date, .time, .array, .boolean] {
      for comparison in comparisons[family] ?? [] {
        let op = FilterOperator(family: family, comparison: comparison, isCaseInsensitive: false)
        ids.append(op.id)
        if op.allowsCaseInsensitive { ids.append(op.id + ":ci") }
      }
    }
    return ids
  }()

  private var allowsCaseInsensitive: Bool {
    family == .text || (family == .array && (comparison == .contain || comparison == .notcontain))
  }

  /// Parses an operator id; nil for an unknown id.
  package init?(id rawID: String) {
    let id = Self.aliases[rawID] ?? rawID
    let parts = id.split(separator: ":").map(String.init)
    if parts.count == 1 {
      guard let comparison = Comparison(rawValue: parts[0]), comparison == .exist || comparison == .notexist else {
        return nil
      }
      self.init(family: .basic, comparison: comparison, isCaseInsensitive: false)
      return
    }
    guard parts.count == 2 || (parts.count == 3 && parts[2] == "ci"),
      let family = Family(rawValue: parts[0]), family != .basic,
      let comparison = Comparison(rawValue: parts[1]),
      Self.comparisons[family]?.contains(comparison) == true
    else { return nil }
    self.init(family: family, comparison: comparison, isCaseInsensitive: parts.count == 3)
    if isCaseInsensitive && !allowsCaseInsensitive { return nil }
  }

  package init(family: Family, comparison: Comparison, isCaseInsensitive: Bool) {
    self.family = family
    self.comparison = comparison
    self.isCaseInsensitive = isCaseInsensitive
  }
}
