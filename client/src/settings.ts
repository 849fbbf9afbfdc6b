import type { ConfigurationParams } from 'vscode-languageclient';

/** Where VS Code found a setting's value (its `inspect()`): the scopes a user sets it in. */
export interface SettingScopes {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

const userScopes: (keyof SettingScopes)[] = ['globalValue', 'workspaceValue', 'workspaceFolderValue', 'globalLanguageValue', 'workspaceLanguageValue', 'workspaceFolderLanguageValue'];

/**
 * The promagent settings as the server is to read them: `prometheusVersion` only where the user set it. Its default
 * stands for no version said, and a configuration nothing else gives a version is then not held to what only some
 * releases refuse; VS Code hands out the default as if it were set.
 */
export function settingsForServer(values: Record<string, unknown>, prometheusVersion: SettingScopes | undefined): Record<string, unknown> {
  if (userScopes.some((scope) => prometheusVersion?.[scope] !== undefined)) return values;
  const withoutDefault = { ...values };
  delete withoutDefault.prometheusVersion;
  return withoutDefault;
}

/** The answers to a `workspace/configuration` request, promagent's section read as settingsForServer reads it. */
export function answeredSettings(params: ConfigurationParams, answers: unknown[], section: string, scopesOf: (scopeUri: string | undefined) => SettingScopes | undefined): unknown[] {
  return answers.map((answer, i) => {
    const item = params.items[i];
    return item?.section === section && answer !== null && typeof answer === 'object'
      ? settingsForServer(answer as Record<string, unknown>, scopesOf(item.scopeUri))
      : answer;
  });
}
