import type { ItemDetail, MeasureOwners, MeasureUpdateBody } from '@rectify/shared';
import { api } from './index';

export const measuresApi = {
  /** One measure's state, owner or deadline; the lead organization or the committee only (协办 answers 403). */
  update: (itemId: number, measureId: number, body: MeasureUpdateBody) => api.patch<ItemDetail>(`/api/items/${itemId}/measures/${measureId}`, body),
  /** Who a measure may be given to: the active users of the item's organization and below. */
  owners: (itemId: number) => api.get<MeasureOwners>(`/api/items/${itemId}/measure-owners`),
};
