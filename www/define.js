// Registers <ai-security-navigator>. Import this module (or load it with
// <script type="module" src="define.js">) and use the element; import widget.js instead to
// register the class under a name of your own with AiSecurityNavigator.define(tag, registry).
import { AiSecurityNavigator } from './widget.js';

AiSecurityNavigator.define();

export { AiSecurityNavigator };
