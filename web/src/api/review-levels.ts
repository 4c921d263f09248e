import type { CreateReviewStandInBody, ReviewAwaiting, ReviewEndorser, ReviewLevelSettings, ReviewStandIn, UpdateReviewLevelSettingsBody } from '@rectify/shared';
import { api } from './index';

type Endorsers = { endorsers: ReviewEndorser[] };
type StandIns = { standIns: ReviewStandIn[] };

export const reviewLevelsApi = {
  settings: () => api.get<ReviewLevelSettings>('/api/review-levels/settings'),
  updateSettings: (body: UpdateReviewLevelSettingsBody) => api.put<ReviewLevelSettings>('/api/review-levels/settings', body),
  endorsers: () => api.get<Endorsers>('/api/review-levels/endorsers'),
  addEndorser: (userId: number) => api.put<Endorsers>(`/api/review-levels/endorsers/${userId}`),
  removeEndorser: (userId: number) => api.delete<Endorsers>(`/api/review-levels/endorsers/${userId}`),
  standIns: () => api.get<StandIns>('/api/review-levels/stand-ins'),
  createStandIn: (body: CreateReviewStandInBody) => api.post<StandIns>('/api/review-levels/stand-ins', body),
  revokeStandIn: (id: number) => api.delete<StandIns>(`/api/review-levels/stand-ins/${id}`),
  awaiting: () => api.get<ReviewAwaiting>('/api/review-levels/awaiting'),
};
