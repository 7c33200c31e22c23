extension RunningEmulator {
  /// Starts the emulator over from `state`, as `POST /_emulator/reset` does from the initial
  /// state: customers, messages, tags, campaigns, webhooks, deliveries, the clock and faults are
  /// all replaced. `sonarflow test` gives each case a clean world on an emulator already running.
  package func load(_ state: EmulatorStateFile) async {
    await endpoint.store.load(state)
    endpoint.control.faults.clear()
  }
}
