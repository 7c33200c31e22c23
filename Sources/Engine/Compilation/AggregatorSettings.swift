import Expressions
import ModuleCatalogue
import OrderedCollections

/// An aggregator's settings, read from its fields and params once when the scenario is compiled.
///
/// An execution usually runs an aggregator once (one webhook, one execution), so looking these up
/// by name when its run starts cost five hashed look-ups per execution.
final class AggregatorSettings: Sendable {
  enum Kind {
    case array, text, numeric
  }

  let kind: Kind
  let groupBy: CompiledValue?
  let valueField: CompiledValue?
  let textField: CompiledValue?
  let separator: String
  let function: String

  init(
    tool: FlowTool?, fields: OrderedDictionary<String, CompiledValue>, params: OrderedDictionary<String, CompiledValue>
  ) {
    switch tool {
    case .textAggregator: kind = .text
    case .numericAggregator: kind = .numeric
    default: kind = .array
    }
    groupBy = params["groupBy"]
    valueField = fields["value"]
    textField = fields["text"]
    if case .constant(let value)? = params["separator"], let text = try? Coercion.text(from: value) {
      separator = text == "\\n" ? "\n" : text == "\\t" ? "\t" : text
    } else {
      separator = "\n"
    }
    if case .constant(.text(let name))? = params["function"] { function = name } else { function = "SUM" }
  }
}
