/// The login form: one field, the console token.
enum LoginTemplate {
  static let text = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>sonarflow console: log in</title>
    <link rel="stylesheet" href="/console/assets/console.css">
    </head>
    <body>
    <main class="login">
    <h1>sonarflow console</h1>
    {{#problem}}<p class="problem" id="login-problem">{{.}}</p>{{/problem}}
    <form method="post" action="/console/login">
    <label for="token">Console token</label>
    <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
    <button type="submit" id="login">Log in</button>
    </form>
    </main>
    </body>
    </html>
    """
}
