// Bundled on its own (dist/yamlLanguageService.js): yaml-language-server is the largest part of the server, about
// 30 MB resident, and only completion and hover need it, so the server loads it on the first such request.
export { getLanguageService } from 'yaml-language-server';
