import Expressions
import Foundation
import History
import ModuleCatalogue
import OrderedCollections
import ScenarioModel

/// Why a path or the whole execution stopped early.
enum Stop: Error {
  /// `commit`: stop, keep what was done, success.
  case commit
  /// `rollback`, or an unhandled error: stop, status error.
  case failure(ModuleError, moduleID: Int, location: SourceLocation?)
  /// The task was cancelled (shutdown).
  case cancelled
}

/// Collects the bundles that reach an aggregator from one operation of its source module.
struct AggregationSink {
  let aggregator: CompiledModule
  /// The aggregator's index in the flow list where bundles are collected.
  let endIndex: Int
  var aggregation: Aggregation
}

/// One execution's walk through the flow. Not shared across tasks: it lives in the `run` call.
struct Interpreter {
  let scenario: CompiledScenario
  let engine: Engine
  let executionID: String
  let observer: (@Sendable (OperationEvent) -> Void)?
  let baseContext: EvaluationContext

  var variables: [String: Value] = [:]
  var operations = 0
  var sequence = 0
  var events: [OperationEvent] = []
  var isTruncated = false
  var hasWarning = false
  var incomplete: [IncompleteBundle] = []
  /// Depth inside error-handler routes: an unhandled error there fails the execution.
  var handlerDepth = 0
  let startedAt: Date

  init(scenario: CompiledScenario, engine: Engine, executionID: String, now: Date, observer: (@Sendable (OperationEvent) -> Void)?) {
    self.scenario = scenario
    self.engine = engine
    self.executionID = executionID
    self.observer = observer
    self.startedAt = now
    var context = EvaluationContext(
      timeZone: scenario.timeZone, now: now, executionID: executionID, scenarioName: scenario.scenario.name.value)
    // Size the module-output slots once, so setting an output never grows the array per bundle.
    context.setOutput(.null, ofModule: scenario.maxModuleID)
    baseContext = context
  }

  // MARK: Entry points

  mutating func run(triggerBundles: [Value]) async -> ExecutionResult {
    let clock = ContinuousClock()
    let start = clock.now
    // The trigger's check is one operation, whatever it returned.
    operations += 1
    record(
      OperationEvent(
        sequence: nextSequence(), moduleID: Trigger.id, moduleName: scenario.triggerSpec.name,
        displayName: "1 \(scenario.triggerSpec.name)", location: scenario.scenario.trigger.location,
        input: nil, outputs: triggerBundles, error: nil, errorLocation: nil, isFiltered: false, filterName: nil,
        duration: clock.now - start))
    do {
      var sink: AggregationSink?
      let flow = scenario.flow
      if let aggregatorIndex = flow.firstIndex(where: { $0.aggregatorSource == Trigger.id }) {
        try await aggregate(sourceID: Trigger.id, outputs: triggerBundles, in: flow, upTo: aggregatorIndex, context: baseContext, sink: &sink)
      } else {
        for bundle in triggerBundles {
          var context = baseContext
          context.setOutput(bundle, ofModule: Trigger.id)
          try await process(flow, from: 0, context: context, sink: &sink)
        }
      }
      return finish(status: hasWarning ? .warning : .success, triggerBundles: triggerBundles)
    } catch {
      return finish(stoppedBy: error, triggerBundles: triggerBundles)
    }
  }

  mutating func resume(_ state: ResumeState, triggerBundle: Value) async -> ExecutionResult {
    variables = state.variables
    var context = baseContext
    for (id, output) in state.outputs where id != state.failedModuleID { context.setOutput(output, ofModule: id) }
    context.setOutput(triggerBundle, ofModule: Trigger.id)
    guard let path = locate(state.failedModuleID, in: scenario.flow) else {
      let error = ModuleError(
        .invalidConfigurationError,
        "module \(state.failedModuleID) is no longer in the scenario, so the execution cannot resume from it")
      return finish(stoppedBy: Stop.failure(error, moduleID: state.failedModuleID, location: nil), triggerBundles: [triggerBundle])
    }
    do {
      var sink: AggregationSink?
      try await process(path.list, from: path.index, context: context, sink: &sink)
      // Later routes of the routers that enclose the failed module.
      for frame in path.routers.reversed() {
        for route in frame.router.routes[(frame.routeIndex + 1)...] where !route.isFallback {
          if try passes(route.filter, in: context, module: frame.router) {
            try await process(route.flow, from: 0, context: context, sink: &sink)
          }
        }
      }
      return finish(status: hasWarning ? .warning : .success, triggerBundles: [triggerBundle])
    } catch {
      return finish(stoppedBy: error, triggerBundles: [triggerBundle])
    }
  }

  // MARK: The walk

  /// Runs `modules` from `index` for one bundle. Depth-first: every output of a module travels to
  /// the end of its path before the next one starts.
  mutating func process(_ modules: [CompiledModule], from index: Int, context: EvaluationContext, sink: inout AggregationSink?) async throws(Stop) {
    var context = context
    var index = index
    while index < modules.count {
      if Task.isCancelled { throw .cancelled }
      if let collecting = sink, collecting.endIndex == index, modules[index] === collecting.aggregator {
        try collect(into: &sink, context: context)
        return
      }
      let module = modules[index]
      if scenario.readsVariables { context.variables = variables }
      if let filter = module.filter, !(try passes(filter, in: context, module: module)) {
        recordFiltered(module, filter: filter)
        return
      }
      if module.spec.kind == .router {
        try await route(module, context: context, sink: &sink)
        return
      }
      if module.spec.kind == .aggregator {
        // Reached outside a run of its source in this list (its source sits in an enclosing list):
        // it aggregates the bundle it was given.
        var single: AggregationSink? = AggregationSink(
          aggregator: module, endIndex: index, aggregation: Aggregation(module, timeZone: scenario.timeZone))
        try collect(into: &single, context: context)
        for result in single?.aggregation.results() ?? [] {
          operations += 1
          recordOperation(module, input: .null, outputs: [result], failure: nil, duration: .zero)
          var after = context
          after.setOutput(result, ofModule: module.id)
          try await process(modules, from: index + 1, context: after, sink: &sink)
        }
        return
      }
      var outputs: [Value]
      do {
        outputs = try await operate(module, context: context)
      } catch let error {
        switch try await handle(error, of: module, context: context) {
        case .drop: return
        case .substitute(let output): outputs = [output]
        }
      }
      if scenario.aggregatorSources.contains(module.id),
        let aggregatorIndex = modules.indices.dropFirst(index + 1).first(where: { modules[$0].aggregatorSource == module.id })
      {
        try await aggregate(sourceID: module.id, outputs: outputs, in: modules, upTo: aggregatorIndex, context: context, sink: &sink)
        return
      }
      if outputs.count == 1 {
        context.setOutput(outputs[0], ofModule: module.id)
        index += 1
        continue
      }
      for output in outputs {
        var branch = context
        branch.setOutput(output, ofModule: module.id)
        try await process(modules, from: index + 1, context: branch, sink: &sink)
      }
      return
    }
  }

  private mutating func route(_ router: CompiledModule, context: EvaluationContext, sink: inout AggregationSink?) async throws(Stop) {
    var passedAny = false
    for route in router.routes where !route.isFallback {
      var routeContext = context
      if scenario.readsVariables { routeContext.variables = variables }
      if try passes(route.filter, in: routeContext, module: router) {
        passedAny = true
        try await process(route.flow, from: 0, context: routeContext, sink: &sink)
      }
    }
    if !passedAny, let fallback = router.routes.first(where: \.isFallback) {
      try await process(fallback.flow, from: 0, context: context, sink: &sink)
    }
  }

  /// Sends each output of the source through the modules before the aggregator, collecting what
  /// reaches it, then continues after the aggregator once per aggregated bundle.
  private mutating func aggregate(
    sourceID: Int, outputs: [Value], in modules: [CompiledModule], upTo aggregatorIndex: Int,
    context: EvaluationContext, sink outer: inout AggregationSink?
  ) async throws(Stop) {
    let aggregator = modules[aggregatorIndex]
    var sink: AggregationSink? = AggregationSink(
      aggregator: aggregator, endIndex: aggregatorIndex, aggregation: Aggregation(aggregator, timeZone: scenario.timeZone))
    let clockStart = ContinuousClock.now
    let start = startIndex(after: sourceID, in: modules)
    for output in outputs {
      var branch = context
      branch.setOutput(output, ofModule: sourceID)
      try await process(modules, from: start, context: branch, sink: &sink)
    }
    guard let results = sink?.aggregation.results() else { return }
    for result in results {
      operations += 1
      record(
        OperationEvent(
          sequence: nextSequence(), moduleID: aggregator.id, moduleName: aggregator.name, displayName: aggregator.displayName,
          location: aggregator.location, input: nil, outputs: [result], error: nil, errorLocation: nil, isFiltered: false,
          filterName: nil, duration: ContinuousClock.now - clockStart))
      var after = context
      after.setOutput(result, ofModule: aggregator.id)
      try await process(modules, from: aggregatorIndex + 1, context: after, sink: &outer)
    }
  }

  /// Where the modules after `sourceID` start in `modules` (0 when the source is not in the list,
  /// such as the trigger).
  private func startIndex(after sourceID: Int, in modules: [CompiledModule]) -> Int {
    (modules.firstIndex { $0.id == sourceID }).map { $0 + 1 } ?? 0
  }

  private mutating func collect(into sink: inout AggregationSink?, context: EvaluationContext) throws(Stop) {
    guard let aggregator = sink?.aggregator else { return }
    var context = context
    if scenario.readsVariables { context.variables = variables }
    if let filter = aggregator.filter, !(try passes(filter, in: context, module: aggregator)) {
      recordFiltered(aggregator, filter: filter)
      return
    }
    do {
      // Mutated in place through the optional: copying the sink out would copy what it collected.
      try sink?.aggregation.add(context)
    } catch {
      throw .failure(error.moduleError, moduleID: aggregator.id, location: error.preciseLocation)
    }
  }

  // MARK: Operations

  enum ErrorOutcome {
    case drop
    case substitute(Value)
  }

  /// A module run that failed, with where.
  struct OperationFailure: Error {
    var error: ModuleError
    var location: SourceLocation?
  }

  /// Runs one module once: evaluate its fields, run it, record the operation. Flow tools run
  /// synchronously; only modules with a runner (Sonar, HTTP, sleep, JSON) are awaited.
  private mutating func operate(_ module: CompiledModule, context: EvaluationContext) async throws(OperationFailure) -> [Value] {
    let start = ContinuousClock.now
    let input = try prepare(module, context: context, start: start)
    operations += 1
    let outputs: [Value]
    do {
      if let builtin = try runTool(module, input: input) {
        outputs = builtin
      } else {
        outputs = try await runRunner(module, input: input)
      }
    } catch {
      let failure = OperationFailure(error: error, location: module.location)
      recordOperation(module, input: .collection(input.fields), outputs: nil, failure: failure, duration: ContinuousClock.now - start)
      throw failure
    }
    recordOperation(module, input: .collection(input.fields), outputs: outputs, failure: nil, duration: ContinuousClock.now - start)
    return outputs
  }

  /// The module's input for this bundle: its fields and params evaluated.
  private mutating func prepare(_ module: CompiledModule, context: EvaluationContext, start: ContinuousClock.Instant) throws(OperationFailure) -> ModuleInput {
    var input = OrderedDictionary<String, Value>(minimumCapacity: module.fields.count)
    var params = OrderedDictionary<String, Value>()
    do {
      for (name, field) in module.fields {
        if case .value(let value) = try field.evaluate(in: context) { input[name] = value }
      }
      for (name, param) in module.params {
        if case .value(let value) = try param.evaluate(in: context) { params[name] = value }
      }
    } catch {
      operations += 1
      let failure = OperationFailure(error: error.moduleError, location: error.preciseLocation)
      recordOperation(module, input: .collection(input), outputs: nil, failure: failure, duration: ContinuousClock.now - start)
      throw failure
    }
    return ModuleInput(moduleID: module.id, moduleName: module.name, fields: input, params: params)
  }

  /// The flow tools the interpreter runs itself; nil for modules that have a runner.
  private mutating func runTool(_ module: CompiledModule, input: ModuleInput) throws(ModuleError) -> [Value]? {
    switch module.name {
    case "flow.iterator":
      return Iteration.bundles(of: input[field: "array"])
    case "util.setVariable":
      let name = try input.requiredText("name")
      let value = input[field: "value"]
      variables[name] = value
      return [.collection([name: value])]
    case "util.getVariable":
      let name = try input.requiredText("name")
      return [.collection([name: variables[name] ?? .null])]
    default:
      return nil
    }
  }

  /// Everything else runs through its runner, with the module timeout.
  private func runRunner(_ module: CompiledModule, input: ModuleInput) async throws(ModuleError) -> [Value] {
    guard let runner = engine.runners[module.name] else {
      throw ModuleError(.invalidConfigurationError, "module '\(module.name)' cannot run here: no runner is installed for it")
    }
    let context = ModuleContext(
      isDryRun: engine.options.isDryRun, executionID: executionID, scenarioName: scenario.scenario.name.value)
    return try await Timeout.run(engine.options.moduleTimeout, moduleName: module.name) { () async throws(ModuleError) -> [Value] in
      try await runner.run(input, context: context)
    }
  }

  // MARK: Errors

  /// Make's error handling: the module's error-handler route and directive, or the default.
  private mutating func handle(_ failure: OperationFailure, of module: CompiledModule, context: EvaluationContext) async throws(Stop) -> ErrorOutcome {
    // A module stopped by shutdown is not the module's fault: the execution is interrupted.
    if Task.isCancelled { throw .cancelled }
    let error = failure.error
    guard let handler = module.onError else {
      if handlerDepth == 0, scenario.scenario.settings.storeIncomplete, error.type.isStoredAsIncomplete {
        storeIncomplete(module, error: error, retry: nil, context: context)
        return .drop
      }
      throw .failure(error, moduleID: module.id, location: failure.location)
    }
    var handlerContext = context
    var errorValue: OrderedDictionary<String, Value> = ["type": .text(error.type.rawValue), "message": .text(error.message)]
    if let status = error.statusCode { errorValue["statusCode"] = .number(Double(status)) }
    handlerContext.setOutput(.collection(["error": .collection(errorValue)]), ofModule: module.id)
    if !handler.flow.isEmpty {
      handlerDepth += 1
      defer { handlerDepth -= 1 }
      var noSink: AggregationSink?
      try await process(handler.flow, from: 0, context: handlerContext, sink: &noSink)
    }
    switch handler.directive {
    case .ignore:
      return .drop
    case .resume:
      if scenario.readsVariables { handlerContext.variables = variables }
      do {
        return .substitute(try handler.output?.value(in: handlerContext) ?? .collection([:]))
      } catch {
        throw .failure(error.moduleError, moduleID: module.id, location: error.preciseLocation)
      }
    case .commit:
      throw .commit
    case .rollback:
      throw .failure(error, moduleID: module.id, location: failure.location)
    case .break:
      storeIncomplete(module, error: error, retry: handler.retry ?? Retry(attempts: Retry.defaultAttempts, interval: Retry.defaultInterval, location: module.location), context: context)
      return .drop
    }
  }

  private mutating func storeIncomplete(_ module: CompiledModule, error: ModuleError, retry: Retry?, context: EvaluationContext) {
    hasWarning = true
    var outputs: [Int: Value] = [:]
    for (id, output) in context.modules.enumerated() where output != .null { outputs[id] = output }
    incomplete.append(
      IncompleteBundle(
        moduleID: module.id, error: error, retry: retry,
        resumeState: ResumeState(failedModuleID: module.id, outputs: outputs, variables: variables)))
  }

  private func passes(_ filter: CompiledFilter?, in context: EvaluationContext, module: CompiledModule) throws(Stop) -> Bool {
    guard let filter else { return true }
    do {
      return try filter.passes(in: context)
    } catch {
      throw .failure(error.moduleError, moduleID: module.id, location: error.preciseLocation)
    }
  }

  // MARK: Recording

  private mutating func nextSequence() -> Int {
    sequence += 1
    return sequence
  }

  private mutating func record(_ event: OperationEvent) {
    observer?(event)
    if events.count < engine.options.maxRecordedOperations {
      events.append(event)
    } else {
      isTruncated = true
    }
  }

  private mutating func recordOperation(_ module: CompiledModule, input: Value, outputs: [Value]?, failure: OperationFailure?, duration: Duration) {
    record(
      OperationEvent(
        sequence: nextSequence(), moduleID: module.id, moduleName: module.name, displayName: module.displayName,
        location: module.location, input: input, outputs: outputs, error: failure?.error, errorLocation: failure?.location,
        isFiltered: false, filterName: nil, duration: duration))
  }

  private mutating func recordFiltered(_ module: CompiledModule, filter: CompiledFilter) {
    record(
      OperationEvent(
        sequence: nextSequence(), moduleID: module.id, moduleName: module.name, displayName: module.displayName,
        location: filter.location, input: nil, outputs: nil, error: nil, errorLocation: nil, isFiltered: true,
        filterName: filter.name, duration: .zero))
  }

  private func finish(status: ExecutionStatus, triggerBundles: [Value], error: ModuleError? = nil, moduleID: Int? = nil, location: SourceLocation? = nil) -> ExecutionResult {
    ExecutionResult(
      executionID: executionID, status: status, operations: operations, startedAt: startedAt,
      finishedAt: max(Date(), startedAt), events: events,
      isTruncated: isTruncated, error: error, errorModuleID: moduleID, errorLocation: location, incomplete: incomplete,
      triggerBundles: triggerBundles)
  }

  private func finish(stoppedBy stop: any Error, triggerBundles: [Value]) -> ExecutionResult {
    switch stop as? Stop {
    case .commit:
      return finish(status: hasWarning ? .warning : .success, triggerBundles: triggerBundles)
    case .failure(let error, let moduleID, let location):
      return finish(status: .error, triggerBundles: triggerBundles, error: error, moduleID: moduleID, location: location)
    case .cancelled:
      return finish(
        status: .interrupted, triggerBundles: triggerBundles,
        error: ModuleError(.runtimeError, "the execution was cancelled before it finished"))
    case nil:
      return finish(status: .error, triggerBundles: triggerBundles, error: ModuleError(.runtimeError, "\(stop)"))
    }
  }

  // MARK: Resume

  struct RouterFrame {
    let router: CompiledModule
    let routeIndex: Int
  }

  struct ModulePath {
    var list: [CompiledModule]
    var index: Int
    var routers: [RouterFrame]
  }

  /// Where module `id` sits: its flow list and index, and the routers around it (outermost first).
  private func locate(_ id: Int, in modules: [CompiledModule], routers: [RouterFrame] = []) -> ModulePath? {
    for (index, module) in modules.enumerated() {
      if module.id == id { return ModulePath(list: modules, index: index, routers: routers) }
      for (routeIndex, route) in module.routes.enumerated() {
        if let found = locate(id, in: route.flow, routers: routers + [RouterFrame(router: module, routeIndex: routeIndex)]) {
          return found
        }
      }
      if let handler = module.onError, let found = locate(id, in: handler.flow, routers: routers) { return found }
    }
    return nil
  }
}
