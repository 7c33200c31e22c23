package import Expressions
package import Foundation
package import ModuleCatalogue
package import OrderedCollections
package import ScenarioModel

/// A scenario ready to run: every template compiled, every module's spec and runner resolved, the
/// flow's structure (routes, aggregator segments, error handlers) worked out once.
///
/// A class, immutable: every execution holds it, and sharing one reference costs one retain where
/// copying a struct of this size would retain each of its fields.
package final class CompiledScenario: Sendable {
  package let scenario: Scenario
  package let triggerSpec: ModuleSpec
  /// The trigger's static settings.
  package let triggerParams: OrderedDictionary<String, CompiledValue>

  /// The trigger's params that are literals (triggers take no templates), with their defaults: what
  /// a polling trigger is built from.
  package var constantTriggerParams: OrderedDictionary<String, Value> {
    var params = OrderedDictionary<String, Value>()
    for (name, value) in triggerParams {
      if case .constant(let constant) = value { params[name] = constant }
    }
    return params
  }
  package let flow: [CompiledModule]
  package let timeZone: TimeZone
  /// SHA-256 of the scenario file's bytes, hex.
  package let contentHash: String
  /// What validation said of the file when it was loaded: its warnings and notes (a scenario with
  /// errors is never compiled), for the console's scenarios page.
  package let diagnostics: [Diagnostic]
  /// The largest module id, for sizing per-execution tables.
  package let maxModuleID: Int
  /// Names the trigger's operation in events.
  package let triggerSource: OperationSource
  /// The literal names of the flow's set and get variable modules, each given a slot in an
  /// execution's variables (`EvaluationContext`), so setting one does not hash its name.
  package let variableSlots: VariableSlots
  /// Module `id`'s variable slot at `variableSlotOfModule[id]`, for a set or get variable module
  /// whose name is a literal; nil for every other module. An array: it is read per operation.
  let variableSlotOfModule: [Int?]
  /// A slot for the output of each module id up to `maxModuleID`, none set: every execution's
  /// context starts from (and shares, until it sets one) this table.
  let unsetOutputs: [ModuleOutput]

  package init(
    scenario: Scenario, triggerSpec: ModuleSpec, triggerParams: OrderedDictionary<String, CompiledValue>,
    flow: [CompiledModule], timeZone: TimeZone, contentHash: String, diagnostics: [Diagnostic] = []
  ) {
    self.scenario = scenario
    self.triggerSpec = triggerSpec
    self.triggerParams = triggerParams
    self.flow = flow
    self.timeZone = timeZone
    self.contentHash = contentHash
    self.diagnostics = diagnostics
    var maxID = 1
    var variableModules: [(id: Int, name: String)] = []
    func visit(_ modules: [CompiledModule]) {
      for module in modules {
        maxID = max(maxID, module.id)
        if let name = module.literalVariableName { variableModules.append((module.id, name)) }
        for route in module.routes { visit(route.flow) }
        if let handler = module.onError { visit(handler.flow) }
      }
    }
    visit(flow)
    maxModuleID = min(maxID, 100_000)
    let slots = VariableSlots(names: variableModules.map(\.name))
    var slotOfModule = [Int?](repeating: nil, count: maxModuleID + 1)
    for (id, name) in variableModules where id >= 0 && id <= maxModuleID { slotOfModule[id] = slots.slots[name] }
    variableSlots = slots
    variableSlotOfModule = slotOfModule
    unsetOutputs = Array(repeating: .bundle(.null), count: maxModuleID + 1)
    triggerSource = OperationSource(
      moduleID: Trigger.id, moduleName: triggerSpec.name, displayName: "1 \(triggerSpec.name)",
      location: scenario.trigger.location)
  }
}

/// One flow module, compiled.
package final class CompiledModule: Sendable {
  package let id: Int
  package let name: String
  package let label: String?
  package let spec: ModuleSpec
  package let location: SourceLocation
  package let fields: OrderedDictionary<String, CompiledValue>
  package let params: OrderedDictionary<String, CompiledValue>
  package let filter: CompiledFilter?
  package let routes: [CompiledRoute]
  package let onError: CompiledErrorHandler?
  /// For aggregators: the module whose bundles they collect.
  package let aggregatorSource: Int?
  /// Where the aggregator that collects this module's bundles sits in the same flow list, if one does.
  package let aggregatorIndex: Int?
  /// How the module reads in output: `3 sonar.sendMessage` or `3 Welcome text (sonar.sendMessage)`.
  package let displayName: String
  /// The spec's kind, read once per bundle by the interpreter.
  package let kind: ModuleKind
  /// The flow tools the interpreter runs itself, without a runner or an async call.
  package let tool: Tool?
  /// How long one operation may take; nil for the flow tools the interpreter runs itself.
  package let timeout: CompiledTimeout?

  /// The input bundle with every field's key in order and null values: the interpreter fills the
  /// values per operation, sharing the keys instead of hashing them into a new dictionary.
  let inputTemplate: OrderedDictionary<String, Value>
  /// The compiled fields in the order of `inputTemplate`.
  let fieldList: [CompiledValue]
  /// The params when every one is a literal (they are then the same for every bundle).
  let constantParams: OrderedDictionary<String, Value>?
  /// A set or get variable module's `name` when it is a literal, non-empty text: the variable
  /// is then given a slot when the scenario is compiled (`CompiledScenario.variableSlots`).
  let literalVariableName: String?
  /// Where a flow tool's `array`, `name` and `value` fields sit in `inputTemplate`.
  let toolFieldPositions: (array: Int?, name: Int?, value: Int?)
  /// An aggregator's settings, read once here rather than by name in every execution.
  let aggregatorSettings: AggregatorSettings?
  /// Names the module's operations in events.
  package let operationSource: OperationSource
  /// Names the bundles its filter stopped, in events.
  package let filteredSource: OperationSource?

  package init(
    id: Int, name: String, label: String?, spec: ModuleSpec, location: SourceLocation,
    fields: OrderedDictionary<String, CompiledValue>, params: OrderedDictionary<String, CompiledValue>,
    filter: CompiledFilter?, routes: [CompiledRoute], onError: CompiledErrorHandler?, aggregatorSource: Int?,
    aggregatorIndex: Int? = nil
  ) {
    self.id = id
    self.name = name
    self.label = label
    self.spec = spec
    self.location = location
    self.fields = fields
    self.params = params
    self.filter = filter
    self.routes = routes
    self.onError = onError
    self.aggregatorSource = aggregatorSource
    self.aggregatorIndex = aggregatorIndex
    let displayName = label.map { "\(id) \($0) (\(name))" } ?? "\(id) \(name)"
    self.displayName = displayName
    operationSource = OperationSource(moduleID: id, moduleName: name, displayName: displayName, location: location)
    filteredSource = filter.map {
      OperationSource(
        moduleID: id, moduleName: name, displayName: displayName, location: $0.location, filterName: $0.name)
    }
    kind = spec.kind
    if case .aggregator = spec.kind {
      aggregatorSettings = AggregatorSettings(tool: spec.runtime.flowTool, fields: fields, params: params)
    } else {
      aggregatorSettings = nil
    }
    switch spec.runtime.flowTool {
    case .iterator: tool = .iterator
    case .setVariable: tool = .setVariable
    case .getVariable: tool = .getVariable
    default: tool = nil
    }
    if case .runner(let rule) = spec.runtime {
      timeout = CompiledTimeout(rule, fields: fields, params: params)
    } else {
      timeout = nil
    }
    if tool == .setVariable || tool == .getVariable, case .constant(.text(let name))? = fields["name"], !name.isEmpty {
      literalVariableName = name
    } else {
      literalVariableName = nil
    }
    inputTemplate = OrderedDictionary(uniqueKeys: fields.keys, values: repeatElement(Value.null, count: fields.count))
    fieldList = Array(fields.values)
    toolFieldPositions = (fields.index(forKey: "array"), fields.index(forKey: "name"), fields.index(forKey: "value"))
    var constants = OrderedDictionary<String, Value>()
    for (key, param) in params {
      guard case .constant(let value) = param else {
        constants = [:]
        break
      }
      constants[key] = value
    }
    constantParams = constants.count == params.count ? constants : nil
  }
}

/// A router's route, compiled. A class, read for every bundle that reaches its router.
package final class CompiledRoute: Sendable {
  package let name: String?
  package let filter: CompiledFilter?
  package let isFallback: Bool
  package let flow: [CompiledModule]

  package init(name: String?, filter: CompiledFilter?, isFallback: Bool, flow: [CompiledModule]) {
    self.name = name
    self.filter = filter
    self.isFallback = isFallback
    self.flow = flow
  }
}

/// An error-handler route, compiled.
package struct CompiledErrorHandler: Sendable {
  package let flow: [CompiledModule]
  package let directive: Directive
  package let retry: Retry?
  /// With `resume`: the substitute output.
  package let output: CompiledValue?
}
