import Expressions
import OrderedCollections

/// The interpreter's fast path for flow tools, kept apart from the walk because it exists for
/// speed alone: the usual tool (an iterator, a set or get variable, one or two mapped fields,
/// literal params) keeps its evaluated fields as two values read by position instead of building
/// an input bundle for every bundle. docs/benchmarks.md ("The interpreter's fast paths") has the
/// measurements that keep it.
extension Interpreter {
  /// Runs a flow tool of one or two fields with literal params (every built-in mapped as
  /// documented).
  ///
  /// A tool of one or two fields with literal params (every built-in mapped as documented) keeps
  /// its evaluated fields as values: they are read by position, and the event builds the input
  /// bundle only when it is read (`RecordedInput.toolFields`). Anything else, or a field left out
  /// with `ignore`, goes through the input bundle.
  mutating func runToolByPosition(
    _ tool: CompiledModule.Tool, _ module: CompiledModule
  ) throws(OperationFailure) -> Bundles {
    let fieldList = module.fieldList
    var values = (Value.null, Value.null)
    var omitted: [Int] = []
    var evaluated = 0
    do {
      for offset in fieldList.indices {
        switch try fieldList[offset].evaluate(in: context) {
        case .value(let value):
          if offset == 0 { values.0 = value } else { values.1 = value }
        case .omit:
          omitted.append(offset)
        }
        evaluated += 1
      }
    } catch {
      operations += 1
      let failure = OperationFailure(error: error.moduleError, location: error.preciseLocation)
      let input = Self.keeping(Self.fields(of: module, values), upTo: evaluated, without: omitted)
      recordOperation(module, input: .bundle(.collection(input)), outputs: nil, failure: failure, duration: lap())
      throw failure
    }
    if !omitted.isEmpty {
      return try runTool(
        tool, module,
        evaluatedFields: Self.keeping(Self.fields(of: module, values), upTo: fieldList.count, without: omitted))
    }
    operations += 1
    let outputs: Bundles
    if case .setVariable = tool, let slot = variableSlot(of: module), let position = module.toolFieldPositions.value {
      // The usual set variable (a literal name, so a slot): its value read by position, without
      // gathering the tool's input.
      outputs = SetVariableTool.set(position == 0 ? values.0 : values.1, slot: slot, in: &context)
    } else {
      do {
        outputs = try tool.run(ToolInput(values.0, values.1, of: module), slot: variableSlot(of: module), in: &context)
      } catch {
        let failure = OperationFailure(error: error, location: module.location)
        recordOperation(
          module, input: .toolFields(module, values.0, values.1), outputs: nil, failure: failure, duration: lap())
        throw failure
      }
    }
    if tool.outputsWhatItIsGiven {
      // The event makes the outputs again from the input when they are read.
      record(
        module.operationSource, input: .toolFields(module, values.0, values.1), outputs: nil, outputsFollowInput: true,
        duration: lap())
    } else {
      recordOperation(
        module, input: .toolFields(module, values.0, values.1), outputs: outputs, failure: nil, duration: lap())
    }
    return outputs
  }

  /// The input bundle of a tool whose fields were evaluated into `values`.
  private static func fields(of module: CompiledModule, _ values: (Value, Value)) -> OrderedDictionary<String, Value> {
    guard case .collection(let fields) = RecordedInput.toolFields(module, values.0, values.1).bundle else { return [:] }
    return fields
  }
}
