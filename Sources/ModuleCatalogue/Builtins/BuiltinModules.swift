/// sonarflow's built-in modules: webhooks, polling, flow control, variables, HTTP and JSON.
package enum BuiltinModuleSpecs {
  private static let source = FieldSpec(
    "source", "Source Module", .integer(min: 1, max: nil), required: true,
    help: "The id of the module whose bundles are aggregated (an iterator or a search, or the trigger).",
    allowsTemplate: false)

  private static let groupBy = FieldSpec(
    "groupBy", "Group by", .text,
    help: "A template evaluated per bundle; one output bundle per distinct value.")

  private static let httpMethod = FieldSpec(
    "method", "Method", .select(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
    help: "The HTTP method.", default: "GET")

  package static let all: [ModuleSpec] = [
    ModuleSpec(
      name: "webhook.custom", label: "Custom webhook", app: "Webhooks", kind: .instantTrigger, runtime: .trigger,
      summary: "Triggers on any JSON or form POST to /hooks/{webhookName}/{secret}; the body is the bundle.",
      params: [
        FieldSpec(
          "webhookName", "Webhook Name", .text, required: true,
          help:
            "sonarflow serve listens at /hooks/{webhookName}/{secret} (sonarflow webhooks list prints the URL). Letters, digits, '-' and '_'.",
          allowsTemplate: false),
        FieldSpec(
          "signature", "Signature", .collection(WebhookAuthenticationSpecs.signature),
          help:
            "Require an HMAC of the raw body in a header, as Shopify and GitHub webhooks send it (not Stripe's timestamped header): a request without the right signature is answered 401 and not stored.",
          allowsTemplate: false),
        FieldSpec(
          "headerSecret", "Header secret", .collection(WebhookAuthenticationSpecs.headerSecret),
          help:
            "Require a header holding a shared secret (compared in constant time): a request without it is answered 401 and not stored.",
          allowsTemplate: false),
        FieldSpec(
          "allowFrom", "Allowed networks", .array(of: .network),
          help:
            "Accept requests only from these networks (IPv4 or IPv6 CIDR, or single addresses), checked against the connection's peer address; others are answered 403. Behind a reverse proxy the peer is the proxy: see docs/security.md.",
          allowsTemplate: false),
      ],
      output: .dynamic),
    ModuleSpec(
      name: "sonarflow.watchFailedExecutions", label: "Watch failed executions", app: "sonarflow",
      kind: .instantTrigger, runtime: .trigger,
      summary:
        "Triggers when an execution of another scenario served alongside ends in error (or warning, or incomplete): an error scenario, like Make's alert e-mails and n8n's Error Trigger.",
      params: [
        FieldSpec(
          "scenarios", "Scenarios", .array(of: .text),
          help: "The names of the scenarios to watch; every other scenario when left out.", allowsTemplate: false),
        FieldSpec(
          "statuses", "Statuses", .array(of: .select(["error", "warning", "incomplete"])),
          help: "Which endings trigger it: error, warning, incomplete; error alone when left out.",
          allowsTemplate: false),
      ],
      output: .collection([
        OutputField(
          "execution",
          .collection([
            OutputField("id", .text, "the failed execution's id (sonarflow history show ID)"),
            OutputField("scenario", .text, "the scenario's name"), OutputField("file", .text, "the scenario file"),
            OutputField("status", .text, "error, warning or incomplete"), OutputField("startedAt", .date),
            OutputField("finishedAt", .date), OutputField("operations", .number),
            OutputField(
              "error",
              .collection([
                OutputField("type", .text, "Make's error type"),
                OutputField(
                  "message", .text, "as history stores it (token redacted; left out for confidential scenarios)"),
                OutputField("module", .number, "the failed module's id"),
                OutputField("location", .text, "file:line:column in the scenario"),
              ])),
          ]), "the execution that failed")
      ])),
    ModuleSpec(
      name: "http.watch", label: "Watch a JSON endpoint", app: "HTTP", kind: .pollingTrigger, runtime: .trigger,
      summary: "Polls a JSON endpoint on a schedule and emits each new item once, never the same item twice.",
      params: [
        FieldSpec("url", "URL", .url, required: true, help: "The endpoint to poll.", allowsTemplate: false),
        FieldSpec(
          "method", "Method", .select(["GET", "POST"]), help: "The HTTP method.", default: "GET", allowsTemplate: false),
        FieldSpec(
          "headers", "Headers", .array(of: SonarModuleSpecs.keyValue), help: "Request headers as {key, value}.",
          allowsTemplate: false),
        FieldSpec(
          "itemsPath", "Items path", .text,
          help:
            "Dot path to the array of items in the response, such as data.items; empty when the response is the array.",
          allowsTemplate: false),
        FieldSpec(
          "idPath", "ID path", .text, help: "Dot path to each item's unique id.", default: "id", allowsTemplate: false),
        FieldSpec(
          "startFrom", "Choose where to start", .select(["now", "all", "since"]),
          help: "now: only items that appear after the first poll; all: every item; since: items dated after 'since'.",
          default: "now", allowsTemplate: false),
        FieldSpec(
          "since", "Since", .date, help: "With startFrom: since, the date to start from.", allowsTemplate: false),
        FieldSpec(
          "datePath", "Date path", .text, help: "Dot path to each item's date, for startFrom: since.",
          allowsTemplate: false),
        FieldSpec(
          "limit", "Limit", .integer(min: 1, max: 10_000), help: "The most items emitted per cycle.", default: "100",
          allowsTemplate: false),
      ],
      output: .dynamic),
    ModuleSpec(
      name: "flow.router", label: "Router", app: "Flow Control", kind: .router, runtime: .interpreter(.router),
      summary:
        "Sends each bundle down every route whose filter passes, in order; the fallback route only when none passed.",
      output: .dynamic),
    ModuleSpec(
      name: "flow.iterator", label: "Iterator", app: "Flow Control", kind: .iterator, runtime: .interpreter(.iterator),
      summary: "Splits an array into one bundle per item.",
      fields: [
        FieldSpec("array", "Array", .array(of: .any), required: true, help: "The array to split, e.g. {{2.items}}.")
      ],
      output: .dynamic),
    ModuleSpec(
      name: "flow.arrayAggregator", label: "Array aggregator", app: "Flow Control", kind: .aggregator,
      runtime: .interpreter(.arrayAggregator),
      summary: "Collects the bundles of the source module into one array.",
      params: [source, groupBy],
      fields: [FieldSpec("value", "Value", .any, help: "What to collect per bundle; the whole bundle when left out.")],
      output: .collection([
        OutputField("array", .array(of: .dynamic), "the collected items"),
        OutputField("__IMTKEY__", .text, "the group-by value, when grouping"),
      ])),
    ModuleSpec(
      name: "flow.textAggregator", label: "Text aggregator", app: "Tools", kind: .aggregator,
      runtime: .interpreter(.textAggregator),
      summary: "Joins a text from each bundle of the source module into one text.",
      params: [
        source, groupBy,
        FieldSpec(
          "separator", "Row separator", .text, help: "Put between the texts; a new line when left out.", default: "\\n",
          allowsTemplate: false),
      ],
      fields: [FieldSpec("text", "Text", .text, required: true, help: "The text taken from each bundle.")],
      output: .collection([OutputField("text", .text, "the joined text"), OutputField("__IMTKEY__", .text)])),
    ModuleSpec(
      name: "flow.numericAggregator", label: "Numeric aggregator", app: "Tools", kind: .aggregator,
      runtime: .interpreter(.numericAggregator),
      summary: "Computes SUM, AVG, COUNT, MIN or MAX over a number from each bundle of the source module.",
      params: [
        source, groupBy,
        FieldSpec(
          "function", "Aggregate function", .select(["SUM", "AVG", "COUNT", "MIN", "MAX"]), required: true,
          help: "The function to apply.", allowsTemplate: false),
      ],
      fields: [FieldSpec("value", "Value", .number, help: "The number taken from each bundle (not needed for COUNT).")],
      output: .collection([OutputField("result", .number), OutputField("__IMTKEY__", .text)])),
    ModuleSpec(
      name: "util.setVariable", label: "Set variable", app: "Tools", kind: .tool, runtime: .interpreter(.setVariable),
      summary: "Stores a value under a name for the rest of the execution; outputs {name: value}.",
      fields: [
        FieldSpec("name", "Variable name", .text, required: true, help: "The variable's name."),
        FieldSpec("value", "Variable value", .any, help: "The value to store."),
      ],
      output: .dynamic),
    ModuleSpec(
      name: "util.getVariable", label: "Get variable", app: "Tools", kind: .tool, runtime: .interpreter(.getVariable),
      summary: "Reads a variable set earlier in the execution; outputs {name: value}.",
      fields: [FieldSpec("name", "Variable name", .text, required: true, help: "The variable's name.")],
      output: .dynamic),
    ModuleSpec(
      name: "util.sleep", label: "Sleep", app: "Tools", kind: .tool,
      runtime: .runner(timeout: .field("delay", marginSeconds: 5, fallbackSeconds: 300)),
      summary: "Pauses the flow for a number of seconds (1 to 300).",
      fields: [
        FieldSpec("delay", "Delay", .integer(min: 1, max: 300), required: true, help: "Seconds to wait, 1 to 300.")
      ],
      output: .collection([])),
    ModuleSpec(
      name: "http.request", label: "Make a request", app: "HTTP", kind: .action,
      runtime: .runner(timeout: .field("timeout", marginSeconds: 5, fallbackSeconds: 300)),
      summary: "Sends an HTTP request and outputs the response.",
      params: [
        FieldSpec(
          "parseResponse", "Parse response", .boolean, help: "Parse a JSON response body into data.", default: "true",
          allowsTemplate: false),
        FieldSpec(
          "timeout", "Timeout", .integer(min: 1, max: 300), help: "Seconds to wait for the response.", default: "40",
          allowsTemplate: false),
      ],
      fields: [
        FieldSpec("url", "URL", .url, required: true, help: "The URL to call."),
        httpMethod,
        FieldSpec(
          "headers", "Headers", .array(of: SonarModuleSpecs.keyValue), help: "Request headers as {key, value}."),
        FieldSpec(
          "query", "Query String", .array(of: SonarModuleSpecs.keyValue), help: "Query parameters as {key, value}."),
        FieldSpec("body", "Request content", .any, help: "The body: text is sent as is, a list or mapping as JSON."),
      ],
      output: .collection([
        OutputField("statusCode", .number), OutputField("headers", .dynamic),
        OutputField("data", .any, "the body, parsed when JSON"),
      ])),
    ModuleSpec(
      name: "json.parse", label: "Parse JSON", app: "JSON", kind: .action, runtime: .runner(timeout: .make),
      summary: "Parses a JSON text into a bundle (an array gives one bundle per item).",
      fields: [FieldSpec("json", "JSON string", .text, required: true, help: "The JSON text to parse.")],
      output: .dynamic),
  ]
}
