/** JSON Schema of a model file (docs/model-file.md), checked with ajv before validation proper. */
export const MODEL_SCHEMA = {
  $id: 'https://isocline.dev/schema/model.json',
  type: 'object',
  required: ['name', 'variables'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_\\-.]*$' },
    description: { type: 'string' },
    reference: { type: 'string' },
    time_unit: { type: 'string' },
    variables: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        oneOf: [
          { type: 'string' },
          {
            type: 'object',
            required: ['ddt'],
            additionalProperties: false,
            properties: {
              ddt: { type: 'string' },
              init: { type: ['number', 'string'] },
              unit: { type: 'string' },
              description: { type: 'string' },
            },
          },
        ],
      },
    },
    parameters: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'number' },
          {
            type: 'object',
            required: ['value'],
            additionalProperties: false,
            properties: { value: { type: 'number' }, unit: { type: 'string' }, description: { type: 'string' } },
          },
        ],
      },
    },
    expressions: { type: 'object', additionalProperties: { type: 'string' } },
    inputs: { type: 'object', additionalProperties: { type: 'string' } },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['when'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          when: { type: 'string' },
          reset: { type: 'string' },
          refractory: { type: ['number', 'string'] },
          clamp: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    presets: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'number' } } },
    functions: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['args', 'body'],
        additionalProperties: false,
        properties: {
          args: { type: 'array', items: { type: 'string' } },
          body: { type: 'string' },
          description: { type: 'string' },
        },
      },
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        t: { type: 'number' },
        dt: { type: 'number' },
        method: { type: 'string' },
        x: { type: 'string' },
        y: { type: 'string' },
        xlim: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        ylim: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        bound: { type: 'number' },
        maxPoints: { type: 'number' },
        other: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;
