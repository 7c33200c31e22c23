/// A set of functions by name. `FunctionLibrary.standard` is Make's complete library; a library is
/// a value, so tests and embedders can build their own.
package struct FunctionLibrary: Sendable {
  package let specs: [FunctionSpec]
  private let indexByName: [String: Int]
  /// Every accepted name, aliases included, sorted.
  package let names: [String]

  package init(_ specs: [FunctionSpec]) {
    self.specs = specs
    var index: [String: Int] = [:]
    for (position, spec) in specs.enumerated() {
      index[spec.name] = position
      for alias in spec.aliases where index[alias] == nil { index[alias] = position }
    }
    indexByName = index
    names = index.keys.sorted()
  }

  /// Make's functions: general, math, text and binary, date and time, array (reference §4); in
  /// each group the palette's functions, then those of Make's newer expression engine.
  package static let standard = FunctionLibrary(
    GeneralFunctions.specs + GeneralFunctions.newerSpecs + MathFunctions.specs + MathFunctions.newerSpecs
      + TextFunctions.specs + TextFunctions.newerSpecs + DateFunctions.specs + DateFunctions.newerSpecs
      + ArrayFunctions.specs)

  /// The function called `name` (names are case-sensitive; aliases included).
  package func spec(named name: String) -> FunctionSpec? {
    indexByName[name].map { specs[$0] }
  }

  /// The specs of one group, in declaration order.
  package func specs(in group: FunctionSpec.Group) -> [FunctionSpec] {
    specs.filter { $0.groups.contains(group) }
  }
}
