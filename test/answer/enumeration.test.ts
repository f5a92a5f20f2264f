import { describe, expect, it } from 'vitest';
import { enumeratedItems, listsNewItems } from '../../src/answer/enumeration.js';

describe('enumerations in quoted sentences', () => {
  it('reads the items of 、 lists, title runs, quoted names and English lists', () => {
    // Where the first item starts is not marked: it is the (at most 8) characters before the first 、.
    const [items, ...more] = enumeratedItems('资兴逐渐形成了大数据、文旅康养、硅材料等优势产业。');
    expect(more).toEqual([]);
    expect(items!.slice(1)).toEqual(['文旅康养', '硅材料']);
    expect(items![0]!.endsWith('大数据')).toBe(true);
    expect(enumeratedItems('先后出台《甲办法》《乙办法》等政策')).toContainEqual(['甲办法', '乙办法']);
    expect(enumeratedItems('获批“示范基地”“示范园区”两项称号')).toContainEqual(['示范基地', '示范园区']);
    expect(enumeratedItems('It covers big data (大数据), tourism and silicon materials.')).toContainEqual(['it covers big data', 'tourism', 'silicon materials']);
    expect(enumeratedItems('共有72条措施。')).toEqual([]);
  });

  it('a list answers a "which ones" question only when it names things the question does not', () => {
    // A count is not a list.
    expect(listsNewItems('1+8的8个文件都叫啥', ['资兴创新出台的“1+8”文件共有72条措施。'])).toBe(false);
    // A list of the question's own words is not an answer either.
    expect(listsNewItems('东部、南部、中部、北部四个片区分别负责哪些地区？', ['资兴成立了东部、南部、中部、北部四个片区指挥中心。'])).toBe(false);
    // New items are.
    expect(listsNewItems('资兴有哪些优势产业？', ['资兴逐渐形成了大数据、文旅康养、硅材料、新能源等优势产业。'])).toBe(true);
    // An item that shares a word with the question is still new when most of it is not (市直单位 vs 单位).
    expect(listsNewItems('招商任务由哪些单位承担？', ['以乡镇、经开区、市直单位承担招商任务为基础。'])).toBe(true);
  });
});
