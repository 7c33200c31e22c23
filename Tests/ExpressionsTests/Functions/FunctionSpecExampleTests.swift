import Testing

@testable import Expressions

/// Every example declared in a FunctionSpec (the ones in docs/functions.md) holds.
@Suite struct FunctionSpecExampleTests {
  static let examples: [FunctionSpec.Example] = FunctionLibrary.standard.specs.flatMap(\.examples)

  @Test(arguments: examples)
  func exampleHolds(example: FunctionSpec.Example) throws {
    let compiled = Template.compile(example.template)
    #expect(compiled.analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(compiled.analysis.diagnostics)")
    #expect(try example.evaluate() == example.result, "\(example.template)")
  }

  @Test(arguments: FunctionLibrary.standard.specs.map(\.name))
  func everyFunctionHasAnExampleUsingIt(name: String) throws {
    let spec = try #require(FunctionLibrary.standard.spec(named: name))
    #expect(!spec.examples.isEmpty)
    #expect(
      spec.examples.contains { example in ([spec.name] + spec.aliases).contains { example.template.contains("\($0)(") }
      })
  }
}
