/// Comparing secrets without an early exit, so the time taken does not tell how many leading
/// bytes of a guess were right.
package enum ConstantTime {
  /// Whether the two byte strings are equal; the time depends only on their lengths (which are
  /// not secret: every hook secret has the same length).
  package static func equals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
    guard given.count == expected.count else { return false }
    var difference: UInt8 = 0
    for index in expected.indices { difference |= given[index] ^ expected[index] }
    return difference == 0
  }
}
