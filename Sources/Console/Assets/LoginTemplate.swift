/// The login form: one field, the console token.
enum LoginTemplate {
  static let text = """
    {{<layout}}
    {{$title}}sonarflow console: log in{{/title}}
    {{$header}}{{/header}}
    {{$main}}
    <div class="login">
    <h1>sonarflow console</h1>
    {{#problem}}<p class="problem" id="login-problem">{{.}}</p>{{/problem}}
    <form method="post" action="/console/login">
    <label for="token">Console token</label>
    <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
    <button type="submit" id="login">Log in</button>
    </form>
    </div>
    {{/main}}
    {{/layout}}
    """
}
