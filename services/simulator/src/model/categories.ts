/**
 * What Lanshan's streamers sell. Shares follow the district's trade (clothing and shoes first,
 * then daily goods); prices are lognormal per category, in fen; refund rates differ (clothes
 * come back far more often than peaches).
 */
export interface Category {
  name: string;
  /** Share of streamers whose main category this is. */
  share: number;
  /** ln(price in fen) ~ N(mu, sigma) */
  priceMu: number;
  priceSigma: number;
  /** Probability an order is refunded at all. */
  refundRate: number;
  products: readonly string[];
}

export const FARM_CATEGORY = '农产品';

export const CATEGORIES: readonly Category[] = [
  {
    name: '服装鞋帽', share: 0.42, priceMu: Math.log(8900), priceSigma: 0.6, refundRate: 0.16,
    products: ['女士连衣裙', '男士休闲裤', '运动鞋', '老北京布鞋', '羽绒服', '卫衣', '牛仔裤', '儿童套装', '棒球帽', '真皮皮鞋', '冲锋衣', '针织开衫'],
  },
  {
    name: '日用百货', share: 0.2, priceMu: Math.log(3900), priceSigma: 0.7, refundRate: 0.07,
    products: ['不锈钢锅具', '收纳箱', '毛巾套装', '保温杯', '洗衣凝珠', '四件套床品', '拖把', '厨房刀具', '抽纸整箱'],
  },
  {
    name: '食品饮料', share: 0.13, priceMu: Math.log(5200), priceSigma: 0.55, refundRate: 0.04,
    products: ['临沂八宝豆豉', '沂蒙山核桃', '手工锅巴', '杂粮煎饼', '山楂果茶', '牛肉干', '坚果礼盒', '糕点礼盒'],
  },
  {
    name: FARM_CATEGORY, share: 0.15, priceMu: Math.log(5900), priceSigma: 0.5, refundRate: 0.05,
    products: ['蒙阴蜜桃', '兰陵大蒜', '沂水苹果', '沂蒙小米', '金银花茶', '板栗', '土鸡蛋', '黄桃罐头'],
  },
  {
    name: '美妆', share: 0.1, priceMu: Math.log(11900), priceSigma: 0.65, refundRate: 0.09,
    products: ['补水面膜', '口红', '精华液', '防晒霜', '洗面奶', '粉底液', '护手霜'],
  },
];

/** Expected order value in fen for a category (lognormal mean times mean quantity). */
export const expectedOrderFen = (c: Category, meanQuantity: number): number =>
  Math.exp(c.priceMu + (c.priceSigma * c.priceSigma) / 2) * meanQuantity;
