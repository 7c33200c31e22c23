import Expressions

/// `builtin.iterator`: one output per item of `array`.
enum IteratorTool: GivenOutputsTool {
  static func run(
    _ input: ToolInput, slot: Int?, in context: inout EvaluationContext
  ) throws(ModuleError) -> Bundles {
    try outputs(given: input)
  }

  /// The items as they are: each is read as a bundle with its position fields
  /// (`ModuleOutput.item`), built only where something reads it whole.
  static func outputs(given input: ToolInput) throws(ModuleError) -> Bundles {
    .items(Coercion.array(from: input.array))
  }
}
