/**
 * 简体中文 templates for every rule violation of game/rule-messages. The `RuleTemplates` type makes a
 * missing code a type error; tests/unit/rules-messages.test.ts checks the placeholders match English.
 * Identifiers the player picks from a list (activations, shortcuts, rule names) stay as written.
 */
import type { RuleTemplates } from '../../game/rule-messages';

/**
 * The 简体中文 tables, used by `violationText('zh-CN', v)`.
 * @example formatViolation('layers.tooMany', { max: 3, count: 4 }, RULE_MESSAGES_ZH_CN) // '本轮规则最多 3 层；当前网络有 4 层。'
 */
export const RULE_MESSAGES_ZH_CN: RuleTemplates = {
  violations: {
    'schema.missing': '缺少{what}。',
    'schema.notANumber': '{what}必须是数字，不能是 NaN。',
    'schema.notInteger': '{what}必须是整数（收到 {got}）。',
    'schema.wrongType': '{what}必须是{expected}（收到 {got}）。',
    'schema.tooFewItems': '{what}至少需要 {min} 项（收到 {got}）。',
    'schema.tooManyItems': '{what}最多只能有 {max} 项（收到 {got}）。',
    'schema.tooSmall': '{what}不能小于 {min}（收到 {got}）。',
    'schema.notAbove': '{what}必须大于 {min}（收到 {got}）。',
    'schema.tooBig': '{what}不能超过 {max}（收到 {got}）。',
    'schema.notBelow': '{what}必须小于 {max}（收到 {got}）。',
    'schema.notOneOf': '{what}必须是以下之一：{values}（收到 {got}）。',
    'schema.invalid': '{what}无效：{detail}。',
    'layers.needOne': '网络至少需要 {min} 层（收到 {got}）。',
    'layers.belowSchemaMin': '网络至少需要 {min} 层（收到 {got}）。',
    'layers.aboveSchemaMax': '网络最多只能有 {max} 层（收到 {got}）。',
    'groups.notDivisor': '第 {layer} 层有 {units} 个单元、{groups} 个分组：分组数必须同时整除该层的输入宽度（{inputWidth}）和单元数（{units}）。',
    'units.tooMany': '第 {layer} 层有 {units} 个单元；本轮规则每层最多 {max} 个单元。',
    'groups.tooMany': '第 {layer} 层使用了 {groups} 个分组；本轮规则每层最多 {max} 个分组。',
    'activation.notAllowed': '第 {layer} 层的激活函数 {activation} 在本轮不允许使用（允许：{allowed}）。',
    'layers.tooMany': '本轮规则最多 {max} 层；当前网络有 {count} 层。',
    'layers.tooFew': '本轮规则至少需要 {min} 层；当前网络有 {count} 层。',
    'shortcut.notAllowed': '捷径连接 {shortcut} 在本轮不允许使用（允许：{allowed}）。',
    'params.overBudget': '网络有 {params} 个参数；本轮的参数预算为 {max} 个。',
    'epochs.overRule': '训练轮数为 {epochs}；本轮规则最多 {max} 个训练轮次。',
    'work.overBudget': '该训练方案的训练工作量为 {work}（步数 × (参数 + 1,000)）；本轮最多允许 {max}：请减少训练轮数、增大批大小或缩小网络。',
    'rules.invalid': '规则 {rule}：{detail}。',
    'rules.minLayersInvalid': '规则 minLayers 必须是 {min} 到 {max} 之间的整数。',
    'rules.minLayersOverMax': '规则 minLayers（{min}）不能超过 maxLayers（{max}）。',
  },
  labels: {
    'network.root': '网络',
    'network.layers': '层列表',
    'network.shortcut': '捷径连接',
    'network.other': '网络的 {name}',
    layer: '第 {n} 层',
    'layer.units': '第 {n} 层的单元数',
    'layer.activation': '第 {n} 层的激活函数',
    'layer.groups': '第 {n} 层的分组数',
    'layer.other': '第 {n} 层的 {name}',
    'training.root': '训练设置',
    'training.optimizer': '优化器',
    'training.learningRate': '学习率',
    'training.batchSize': '批大小',
    'training.epochs': '训练轮数',
    'training.l2': 'L2 惩罚（l2）',
    'training.seed': '随机种子',
    'training.other': '训练参数 {name}',
  },
  values: {
    nothing: '空值',
    null: 'null',
    items: '{count} 项',
    type: '{type}',
  },
  types: {
    array: '列表',
    object: '对象',
    number: '数字',
    string: '字符串',
    boolean: '布尔值',
    other: '{type} 类型',
    otherVowel: '{type} 类型',
  },
  listSeparator: '、',
};
