import Basics
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
///
/// The walk keeps one evaluation context: the outputs of the modules on the current path, and the
/// variables. A module's output is set with `setOutput`, which logs the value it replaces; leaving
/// a branch (`restore(to:)`) puts those back, so every branch sees exactly what a copy of the
/// context would have shown it, without copying the table of outputs for each bundle.
struct Interpreter {
  let scenario: CompiledScenario
  let engine: Engine
  let executionID: String
  let observer: (@Sendable (OperationEvent) -> Void)?
  /// Where the execution reads the time (`Engine.Options.clock`).
  let clock: ExecutionClock
  /// What transactional modules did in this execution, finished by `Engine` with its outcome.
  /// Made when the first runner runs: an execution of flow tools alone has nothing to finish.
  private(set) var transaction: ExecutionTransaction?

  var context: EvaluationContext
  /// The outputs replaced on the current path, most recent last.
  private var replaced: [(moduleID: Int, output: ModuleOutput)] = []
  var operations = 0
  var sequence = 0
  /// Bundles started down a list, counted for the cancellation check (`process`).
  private var walks = 0
  var events: [OperationEvent] = []
  var isTruncated = false
  var hasWarning = false
  var incomplete: [IncompleteBundle] = []
  /// Depth inside error-handler routes: an unhandled error there fails the execution.
  var handlerDepth = 0
  let startedAt: Date
  /// The latest clock reading at an operation boundary: the end of the previous operation (or the
  /// start of the execution). An operation lasts from it to its own end, so consecutive operations
  /// share a reading instead of each reading the clock at its start and at its end.
  private var boundary: Int64

  init(
    scenario: CompiledScenario, engine: Engine, executionID: String, now: Date,
    observer: (@Sendable (OperationEvent) -> Void)?
  ) {
    self.scenario = scenario
    self.engine = engine
    self.executionID = executionID
    self.observer = observer
    clock = engine.options.clock
    self.startedAt = now
    boundary = clock.nanoseconds()
    // Every module's output slot from the start, so setting an output never grows the table.
    context = EvaluationContext(
      outputs: scenario.unsetOutputs, variableSlots: scenario.variableSlots, timeZone: scenario.timeZone, now: now,
      executionID: executionID, scenarioName: scenario.scenario.name.value)
    replaced.reserveCapacity(16)
    events.reserveCapacity(min(engine.options.maxRecordedOperations, 16))
  }

  /// Sets module `id`'s output on the current path, remembering the one it replaces.
  private mutating func setOutput(_ output: consuming ModuleOutput, ofModule id: Int) {
    replaced.append((id, context.exchangeOutput(output, ofModule: id)))
  }

  /// Puts back the outputs replaced since `mark` (a count of `replaced`), latest first.
  private mutating func restore(to mark: Int) {
    while replaced.count > mark {
      let (id, output) = replaced.removeLast()
      _ = context.exchangeOutput(output, ofModule: id)
    }
  }

  // MARK: Entry points

  nonisolated(nonsending) mutating func run(triggerBundles: [Value]) async -> ExecutionResult {
    // The trigger's check is one operation, whatever it returned.
    operations += 1
    record(scenario.triggerSource, input: nil, outputs: .many(triggerBundles), duration: lap())
    do {
      var sink: AggregationSink?
      let flow = scenario.flow
      if let aggregatorIndex = flow.firstIndex(where: { $0.aggregatorSource == Trigger.id }) {
        try await aggregate(
          sourceID: Trigger.id, outputs: .many(triggerBundles), in: flow, upTo: aggregatorIndex, sink: &sink)
      } else {
        try await forEach(.many(triggerBundles), ofModule: Trigger.id, process: flow, from: 0, sink: &sink)
      }
      return finish(status: hasWarning ? .warning : .success, triggerBundles: triggerBundles)
    } catch {
      return finish(stoppedBy: error, triggerBundles: triggerBundles)
    }
  }

  nonisolated(nonsending) mutating func resume(_ state: ResumeState, triggerBundle: Value) async -> ExecutionResult {
    context.variables = state.variables
    for (id, output) in state.outputs where id != state.failedModuleID { context.setOutput(output, ofModule: id) }
    context.setOutput(triggerBundle, ofModule: Trigger.id)
    guard let path = locate(state.failedModuleID, in: scenario.flow) else {
      let error = ModuleError(
        .invalidConfigurationError,
        "module \(state.failedModuleID) is no longer in the scenario, so the execution cannot resume from it")
      return finish(
        stoppedBy: Stop.failure(error, moduleID: state.failedModuleID, location: nil), triggerBundles: [triggerBundle])
    }
    do {
      var sink: AggregationSink?
      try await process(path.list, from: path.index, sink: &sink)
      // Later routes of the routers that enclose the failed module.
      for frame in path.routers.reversed() {
        for route in frame.router.routes[(frame.routeIndex + 1)...] where !route.isFallback {
          if try passes(route.filter, module: frame.router) {
            try await process(route.flow, from: 0, sink: &sink)
          }
        }
      }
      return finish(status: hasWarning ? .warning : .success, triggerBundles: [triggerBundle])
    } catch {
      return finish(stoppedBy: error, triggerBundles: [triggerBundle])
    }
  }

  // MARK: The walk

  /// Runs `modules` from `index` for the bundle on the current path. Depth-first: every output of a
  /// module travels to the end of its path before the next one starts. The outputs set here are
  /// put back on return, so the caller's path is as it was.
  ///
  /// Cancellation (shutdown) is checked before each module that awaits a runner, and as every
  /// eighth bundle starts down a list: flow tools run synchronously and briefly (under a
  /// microsecond each), so a walk of tools alone stops within a few bundles, and reading the
  /// task's state for every bundle was a measurable part of the walk.
  nonisolated(nonsending) mutating func process(
    _ modules: [CompiledModule], from index: Int, sink: inout AggregationSink?
  ) async throws(Stop) {
    walks &+= 1
    if walks & 7 == 0, Task.isCancelled { throw .cancelled }
    let mark = replaced.count
    defer { restore(to: mark) }
    // Read once: reading the sink's fields through the optional for every module copied the sink.
    let sinkEnd = sink?.endIndex ?? -1
    var index = index
    while index < modules.count {
      let module = modules[index]
      if index == sinkEnd, sink?.aggregator === module {
        try collect(into: &sink)
        return
      }
      if let filter = module.filter, !(try passes(filter, module: module)) {
        recordFiltered(module)
        return
      }
      // Matched, not compared with `==`: for an enum with raw values that picks the
      // RawRepresentable overload, which compares the two kinds' names as strings.
      if case .router = module.kind {
        try await route(module, sink: &sink)
        return
      }
      if case .aggregator = module.kind {
        try await aggregateAlone(modules, at: index, sink: &sink)
        return
      }
      var outputs: Bundles
      if module.tool == nil, Task.isCancelled { throw .cancelled }
      do {
        if let tool = module.tool {
          outputs = try runTool(tool, module)
        } else {
          outputs = .many(try await runModule(module))
        }
      } catch let error {
        switch try await handle(error, of: module) {
        case .drop: return
        case .substitute(let output): outputs = .one(.bundle(output))
        }
      }
      if let aggregatorIndex = module.aggregatorIndex {
        try await aggregate(sourceID: module.id, outputs: outputs, in: modules, upTo: aggregatorIndex, sink: &sink)
        return
      }
      if outputs.count == 1 {
        setOutput(outputs.only(), ofModule: module.id)
        index += 1
        continue
      }
      try await forEach(outputs, ofModule: module.id, process: modules, from: index + 1, sink: &sink)
      return
    }
  }

  /// An aggregator reached outside a run of its source in this list (its source sits in an
  /// enclosing list): it aggregates the bundle it was given. Kept out of `process`, whose frame
  /// (allocated for every bundle) would otherwise hold this rare case's values too.
  private nonisolated(nonsending) mutating func aggregateAlone(
    _ modules: [CompiledModule], at index: Int, sink: inout AggregationSink?
  ) async throws(Stop) {
    let module = modules[index]
    var single: AggregationSink? = AggregationSink(
      aggregator: module, endIndex: index, aggregation: Aggregation(module))
    try collect(into: &single)
    guard let results = single?.aggregation.results() else { return }
    for offset in 0..<results.count {
      operations += 1
      recordOperation(module, input: .bundle(.null), outputs: .one(results[offset]), failure: nil, duration: 0)
      let branch = replaced.count
      setOutput(results[offset], ofModule: module.id)
      try await process(modules, from: index + 1, sink: &sink)
      restore(to: branch)
    }
  }

  private nonisolated(nonsending) mutating func route(
    _ router: CompiledModule, sink: inout AggregationSink?
  ) async throws(Stop) {
    var passedAny = false
    for route in router.routes where !route.isFallback {
      if try passes(route.filter, module: router) {
        passedAny = true
        try await process(route.flow, from: 0, sink: &sink)
      }
    }
    if !passedAny, let fallback = router.routes.first(where: \.isFallback) {
      try await process(fallback.flow, from: 0, sink: &sink)
    }
  }

  /// Sends each output of the source through the modules before the aggregator, collecting what
  /// reaches it, then continues after the aggregator once per aggregated bundle.
  private nonisolated(nonsending) mutating func aggregate(
    sourceID: Int, outputs: Bundles, in modules: [CompiledModule], upTo aggregatorIndex: Int,
    sink outer: inout AggregationSink?
  ) async throws(Stop) {
    let aggregator = modules[aggregatorIndex]
    var sink: AggregationSink? = AggregationSink(
      aggregator: aggregator, endIndex: aggregatorIndex, aggregation: Aggregation(aggregator))
    // The aggregator's operation spans the run of its source's bundles, from the source's end.
    let clockStart = boundary
    let start = startIndex(after: sourceID, in: modules)
    try await forEach(outputs, ofModule: sourceID, process: modules, from: start, sink: &sink)
    guard let results = sink?.aggregation.results() else { return }
    for offset in 0..<results.count {
      operations += 1
      let now = clock.nanoseconds()
      boundary = now
      record(aggregator.operationSource, input: nil, outputs: .one(results[offset]), duration: now &- clockStart)
      let branch = replaced.count
      setOutput(results[offset], ofModule: aggregator.id)
      try await process(modules, from: aggregatorIndex + 1, sink: &outer)
      restore(to: branch)
    }
  }

  /// Runs `modules` from `start` once for each of module `id`'s outputs, in order, then puts back
  /// the output module `id` had before.
  ///
  /// Each output replaces the one before it without being logged: the walk after it puts back
  /// everything it set, so between two outputs only module `id`'s changes, and one entry in the
  /// log (the output before the first) is enough to restore. Should the walk stop (`Stop`), the
  /// enclosing `process` restores from its own mark, which lies before that entry.
  private nonisolated(nonsending) mutating func forEach(
    _ outputs: Bundles, ofModule id: Int, process modules: [CompiledModule], from start: Int,
    sink: inout AggregationSink?
  ) async throws(Stop) {
    let count = outputs.count
    guard count > 0 else { return }
    let mark = replaced.count
    setOutput(outputs[0], ofModule: id)
    try await process(modules, from: start, sink: &sink)
    for offset in 1..<count {
      _ = context.exchangeOutput(outputs[offset], ofModule: id)
      try await process(modules, from: start, sink: &sink)
    }
    restore(to: mark)
  }

  /// Where the modules after `sourceID` start in `modules` (0 when the source is not in the list,
  /// such as the trigger).
  private func startIndex(after sourceID: Int, in modules: [CompiledModule]) -> Int {
    (modules.firstIndex { $0.id == sourceID }).map { $0 + 1 } ?? 0
  }

  private mutating func collect(into sink: inout AggregationSink?) throws(Stop) {
    guard let aggregator = sink?.aggregator else { return }
    if let filter = aggregator.filter, !(try passes(filter, module: aggregator)) {
      recordFiltered(aggregator)
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

  /// Runs a flow tool once, synchronously: evaluate its fields, run its `FlowToolRunner`, record
  /// the operation. A tool of one or two fields with literal params takes the measured fast path
  /// (`Interpreter+ToolFastPath.swift`); every other tool goes through its input bundle.
  private mutating func runTool(
    _ tool: CompiledModule.Tool, _ module: CompiledModule
  ) throws(OperationFailure) -> Bundles {
    guard module.fieldList.count <= 2, module.constantParams != nil else {
      return try runTool(tool, module, evaluatedFields: try prepare(module, keepingParams: false).fields)
    }
    return try runToolByPosition(tool, module)
  }

  /// Runs a flow tool with its input bundle `fields` (evaluated) and records the operation.
  mutating func runTool(
    _ tool: CompiledModule.Tool, _ module: CompiledModule,
    evaluatedFields fields: consuming OrderedDictionary<String, Value>
  ) throws(OperationFailure) -> Bundles {
    operations += 1
    let outputs: Bundles
    do {
      outputs = try tool.run(ToolInput(fields, of: module), slot: variableSlot(of: module), in: &context)
    } catch {
      let failure = OperationFailure(error: error, location: module.location)
      recordOperation(
        module, input: .bundle(.collection(consume fields)), outputs: nil, failure: failure, duration: lap())
      throw failure
    }
    // Moved into the event: the operation is done with its input.
    recordOperation(
      module, input: .bundle(.collection(consume fields)), outputs: outputs, failure: nil, duration: lap())
    return outputs
  }

  /// Runs a module that has a runner once: evaluate its fields and params, await the runner (with
  /// the module timeout), record the operation with the HTTP exchanges the runner made.
  private nonisolated(nonsending) mutating func runModule(
    _ module: CompiledModule
  ) async throws(OperationFailure) -> [Value] {
    let (fields, params) = try prepare(module)
    operations += 1
    let log = engine.options.recordsExchanges ? ExchangeLog() : nil
    let transaction =
      self.transaction
      ?? ExecutionTransaction(
        isAutoCommit: scenario.scenario.settings.autoCommit && engine.options.keepsTransactionalWork)
    self.transaction = transaction
    let outputs: [Value]
    do {
      outputs = try await awaitRunner(
        module, input: ModuleInput(moduleID: module.id, moduleName: module.name, fields: fields, params: params),
        log: log, transaction: transaction)
    } catch {
      let failure = OperationFailure(error: error, location: module.location)
      recordOperation(
        module, input: .bundle(.collection(fields)), outputs: nil, failure: failure, duration: lap(),
        exchanges: log?.all)
      throw failure
    }
    recordOperation(
      module, input: .bundle(.collection(fields)), outputs: .many(outputs), failure: nil, duration: lap(),
      exchanges: log?.all)
    return outputs
  }

  /// The module's input for this bundle: its fields and params evaluated. The fields are written
  /// into a copy of the module's input template (keys shared, one allocation for the values);
  /// a field that evaluates to `ignore` is left out.
  ///
  /// A flow tool reads no params: with `keepingParams` false, literal params are not copied out
  /// (params with templates are still evaluated, so one that fails fails the operation).
  private mutating func prepare(
    _ module: CompiledModule, keepingParams: Bool = true
  ) throws(OperationFailure) -> (fields: OrderedDictionary<String, Value>, params: OrderedDictionary<String, Value>) {
    var fields = module.inputTemplate
    var omitted: [Int] = []
    var params = OrderedDictionary<String, Value>()
    var evaluated = 0
    do {
      for (offset, field) in module.fieldList.enumerated() {
        switch try field.evaluate(in: context) {
        case .value(let value): fields.values[offset] = value
        case .omit: omitted.append(offset)
        }
        evaluated += 1
      }
      if let constants = module.constantParams {
        if keepingParams { params = constants }
      } else {
        for (name, param) in module.params {
          if case .value(let value) = try param.evaluate(in: context) { params[name] = value }
        }
      }
    } catch {
      operations += 1
      let failure = OperationFailure(error: error.moduleError, location: error.preciseLocation)
      let input = Self.keeping(fields, upTo: evaluated, without: omitted)
      recordOperation(module, input: .bundle(.collection(input)), outputs: nil, failure: failure, duration: lap())
      throw failure
    }
    if !omitted.isEmpty { fields = Self.keeping(fields, upTo: fields.count, without: omitted) }
    return (fields, params)
  }

  /// The first `count` fields, less the omitted ones.
  static func keeping(
    _ fields: OrderedDictionary<String, Value>, upTo count: Int, without omitted: [Int]
  ) -> OrderedDictionary<String, Value> {
    if count == fields.count && omitted.isEmpty { return fields }
    var kept = OrderedDictionary<String, Value>(minimumCapacity: count)
    for offset in 0..<count where !omitted.contains(offset) {
      kept[fields.keys[offset]] = fields.values[offset]
    }
    return kept
  }

  /// The variable slot of a set or get variable module with a literal name.
  func variableSlot(of module: CompiledModule) -> Int? {
    let slots = scenario.variableSlotOfModule
    return module.id >= 0 && module.id < slots.count ? slots[module.id] : nil
  }

  /// Everything else runs through its runner, within the timeout its definition gives it.
  private nonisolated(nonsending) func awaitRunner(
    _ module: CompiledModule, input: ModuleInput, log: ExchangeLog?, transaction: ExecutionTransaction
  ) async throws(ModuleError) -> [Value] {
    guard let runner = engine.runners[module.name] else {
      throw ModuleError(
        .invalidConfigurationError, "module '\(module.name)' cannot run here: no runner is installed for it")
    }
    let context = ModuleContext(
      isDryRun: engine.options.isDryRun, executionID: executionID, scenarioName: scenario.scenario.name.value,
      transaction: transaction)
    var limit = (module.timeout ?? .make).limit(for: input)
    if let cap = engine.options.moduleTimeoutCap { limit = min(limit, cap) }
    // The HTTP clients below the runner append to the log bound here (`ExchangeLog.current`).
    let result = await ExchangeLog.$current.withValue(log) { () async -> Result<[Value], ModuleError> in
      do throws(ModuleError) {
        return .success(
          try await ModuleTimeout.run(limit, moduleName: module.name) { () async throws(ModuleError) -> [Value] in
            try await runner.run(input, context: context)
          })
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  // MARK: Errors

  /// Make's error handling: the module's error-handler route and directive, or the default.
  private nonisolated(nonsending) mutating func handle(
    _ failure: OperationFailure, of module: CompiledModule
  ) async throws(Stop) -> ErrorOutcome {
    guard let handler = module.onError else {
      try handleWithoutHandler(failure, of: module)
      return .drop
    }
    if Task.isCancelled { throw .cancelled }
    let error = failure.error
    let mark = replaced.count
    defer { restore(to: mark) }
    var errorValue: OrderedDictionary<String, Value> = [
      "type": .text(error.type.rawValue), "message": .text(error.message),
    ]
    if let status = error.statusCode { errorValue["statusCode"] = .number(Double(status)) }
    setOutput(.bundle(.collection(["error": .collection(errorValue)])), ofModule: module.id)
    if !handler.flow.isEmpty {
      handlerDepth += 1
      defer { handlerDepth -= 1 }
      var noSink: AggregationSink?
      try await process(handler.flow, from: 0, sink: &noSink)
    }
    switch handler.directive {
    case .ignore:
      return .drop
    case .resume:
      do {
        return .substitute(try handler.output?.value(in: context) ?? .collection([:]))
      } catch {
        throw .failure(error.moduleError, moduleID: module.id, location: error.preciseLocation)
      }
    case .commit:
      throw .commit
    case .rollback:
      throw .failure(error, moduleID: module.id, location: failure.location)
    case .break:
      // Kept with the outputs of the path as the module saw them, without its error output.
      restore(to: mark)
      storeIncomplete(
        module, error: error,
        retry: handler.retry
          ?? Retry(attempts: Retry.defaultAttempts, interval: Retry.defaultInterval, location: module.location))
      return .drop
    }
  }

  /// Make's default for a module without an error handler: keep the bundle as an incomplete
  /// execution (and drop it from the walk) where the settings allow, otherwise stop the execution.
  private mutating func handleWithoutHandler(_ failure: OperationFailure, of module: CompiledModule) throws(Stop) {
    // A module stopped by shutdown is not the module's fault: the execution is interrupted.
    if Task.isCancelled { throw .cancelled }
    let error = failure.error
    if handlerDepth == 0, scenario.scenario.settings.storeIncomplete, error.type.isStoredAsIncomplete {
      storeIncomplete(module, error: error, retry: nil)
      return
    }
    throw .failure(error, moduleID: module.id, location: failure.location)
  }

  private mutating func storeIncomplete(_ module: CompiledModule, error: ModuleError, retry: Retry?) {
    hasWarning = true
    var outputs: [Int: Value] = [:]
    for (id, output) in context.outputs.enumerated() where !output.isNull { outputs[id] = output.bundle }
    incomplete.append(
      IncompleteBundle(
        moduleID: module.id, error: error, retry: retry,
        resumeState: ResumeState(failedModuleID: module.id, outputs: outputs, variables: context.variables)))
  }

  private func passes(_ filter: CompiledFilter?, module: CompiledModule) throws(Stop) -> Bool {
    guard let filter else { return true }
    do {
      return try filter.passes(in: context)
    } catch {
      // A pattern stopped by shutdown is not the filter's fault: the execution is interrupted.
      if Task.isCancelled { throw .cancelled }
      throw .failure(error.moduleError, moduleID: module.id, location: error.preciseLocation)
    }
  }

  // MARK: Recording

  private mutating func nextSequence() -> Int {
    sequence += 1
    return sequence
  }

  /// The time since the last boundary, which moves here: the duration of the operation ending
  /// now, in nanoseconds.
  mutating func lap() -> Int64 {
    let now = clock.nanoseconds()
    defer { boundary = now }
    return now &- boundary
  }

  /// Records an operation of `source` as the next event: kept up to the bound, and shown to the
  /// observer.
  ///
  /// A kept event is appended without its source and bundles, which are then moved into it where
  /// it lies: appending a whole event copies it (the compiler does not turn that copy into a
  /// move), and the source and each bundle in it were retained and released once more per
  /// operation (docs/benchmarks.md, "The interpreter's fast paths").
  mutating func record(
    _ source: OperationSource, input: consuming RecordedInput?, outputs: consuming Bundles?,
    failure: OperationFailure? = nil,
    isFiltered: Bool = false, outputsFollowInput: Bool = false, duration: Int64, exchanges: [HTTPExchange]? = nil
  ) {
    let sequence = nextSequence()
    if events.count < engine.options.maxRecordedOperations {
      events.append(
        OperationEvent(
          sequence: sequence, error: failure?.error, errorLocation: failure?.location, isFiltered: isFiltered,
          nanoseconds: duration))
      events[events.count - 1].keep(
        source: source, input: input, outputs: outputs, outputsFollowInput: outputsFollowInput, exchanges: exchanges)
      if let observer { events.withUnsafeBufferPointer { observer($0[$0.count - 1]) } }
    } else {
      isTruncated = true
      if let observer {
        var event = OperationEvent(
          sequence: sequence, error: failure?.error, errorLocation: failure?.location, isFiltered: isFiltered,
          nanoseconds: duration)
        event.keep(
          source: source, input: input, outputs: outputs, outputsFollowInput: outputsFollowInput, exchanges: exchanges)
        observer(event)
      }
    }
    // What the observer does (print, count) is not the next operation's time.
    if observer != nil { boundary = clock.nanoseconds() }
  }

  mutating func recordOperation(
    _ module: CompiledModule, input: consuming RecordedInput, outputs: consuming Bundles?, failure: OperationFailure?,
    duration: Int64, exchanges: [HTTPExchange]? = nil
  ) {
    record(
      module.operationSource, input: input, outputs: outputs, failure: failure, duration: duration,
      exchanges: exchanges)
  }

  /// Records that `module`'s own filter stopped the bundle.
  private mutating func recordFiltered(_ module: CompiledModule) {
    record(module.filteredSource ?? module.operationSource, input: nil, outputs: nil, isFiltered: true, duration: 0)
  }

  private func finish(
    status: ExecutionStatus, triggerBundles: [Value], error: ModuleError? = nil, moduleID: Int? = nil,
    location: SourceLocation? = nil
  ) -> ExecutionResult {
    ExecutionResult(
      executionID: executionID, status: status, operations: operations, startedAt: startedAt,
      finishedAt: max(clock.date(), startedAt), events: events,
      isTruncated: isTruncated, error: error, errorModuleID: moduleID, errorLocation: location, incomplete: incomplete,
      triggerBundles: triggerBundles)
  }

  private func finish(stoppedBy stop: any Error, triggerBundles: [Value]) -> ExecutionResult {
    switch stop as? Stop {
    case .commit:
      return finish(status: hasWarning ? .warning : .success, triggerBundles: triggerBundles)
    case .failure(let error, let moduleID, let location):
      return finish(
        status: .error, triggerBundles: triggerBundles, error: error, moduleID: moduleID, location: location)
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
        if let found = locate(
          id, in: route.flow, routers: routers + [RouterFrame(router: module, routeIndex: routeIndex)])
        {
          return found
        }
      }
      if let handler = module.onError, let found = locate(id, in: handler.flow, routers: routers) { return found }
    }
    return nil
  }
}
